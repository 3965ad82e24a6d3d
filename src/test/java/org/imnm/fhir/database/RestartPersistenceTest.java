package org.imnm.fhir.database;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.ImnmFhirApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** With no database configured the server runs an embedded Postgres whose data survives a restart. */
class RestartPersistenceTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ImnmFhirApplication.class)
                .run("--server.port=0", "--imnm.data-dir=" + dataDir, "--spring.datasource.url=");
    }

    private static String base(ConfigurableApplicationContext ctx) {
        return "http://localhost:" + ((WebServerApplicationContext) ctx).getWebServer().getPort() + "/fhir";
    }

    @Test
    void dataWrittenBeforeARestartIsReadAfterIt() {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            Patient p = new Patient();
            p.addName().setFamily("Persistent");
            id = CTX.newRestfulGenericClient(base(first)).create().resource(p).execute().getId().getIdPart();
        }
        assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).exists();
        try (ConfigurableApplicationContext second = start()) {
            Patient read = CTX.newRestfulGenericClient(base(second)).read().resource(Patient.class).withId(id).execute();
            assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Persistent");
        }
    }
}
