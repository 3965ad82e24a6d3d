package org.imnm.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/**
 * openapi/openapi.yaml is what the running server describes. Regenerate it after an API change with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.write=true}.
 */
class OpenApiDocumentTest extends FhirServerTest {

    private static final Path CHECKED_IN = Path.of("openapi", "openapi.yaml");

    @Test
    void checkedInDocumentMatchesTheRunningServer() throws IOException {
        String live = normalize(http.get("api-docs").body());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(CHECKED_IN, live);
        }
        assertThat(Files.exists(CHECKED_IN)).as("openapi/openapi.yaml exists").isTrue();
        assertThat(live).as("openapi/openapi.yaml is out of date; regenerate it (see this test's javadoc)")
                .isEqualTo(Files.readString(CHECKED_IN));
    }

    /** The server URL holds the random test port; the checked-in file names the default one. */
    private String normalize(String yaml) {
        return yaml.replace("http://localhost:" + port + "/fhir", "http://localhost:8080/fhir").strip() + "\n";
    }
}
