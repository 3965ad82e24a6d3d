package org.imnm.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.imnm.fhir.ImnmFhirApplication;
import org.imnm.fhir.support.FhirServerTest;
import org.imnm.fhir.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A second server instance on the same database answers the first instance's paging links. */
class StatelessInstancesTest extends FhirServerTest {

    @Test
    void anotherInstanceServesTheNextPage() {
        String tag = unique();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Organization o = new Organization().setName("Stateless " + i);
            o.addIdentifier().setSystem("urn:test:org").setValue(tag);
            created.add(client.create().resource(o).execute().getId().getIdPart());
        }
        Bundle first = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_count=2")
                .returnBundle(Bundle.class).execute();
        String next = first.getLink("next").getUrl();

        TestDatabase db = TestDatabase.get();
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(ImnmFhirApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password())) {
            int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
            String nextOnOther = next.replace(":" + port + "/", ":" + otherPort + "/");
            Bundle second = CLIENT_CONTEXT.newRestfulGenericClient("http://localhost:" + otherPort + "/fhir")
                    .search().byUrl(nextOnOther).returnBundle(Bundle.class).execute();
            assertThat(second.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()))
                    .containsExactlyElementsOf(created.subList(2, 4));
        }
    }
}
