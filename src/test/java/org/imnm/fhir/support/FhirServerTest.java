package org.imnm.fhir.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP-level tests: the whole server on a random port over the shared test Postgres. Every
 * subclass uses the same configuration, so Spring starts the server once for the whole run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imnm.fhir.max-request-bytes=20000000", "logging.level.imnm.fhir.requests=WARN",
            "imnm.fhir.reindex-poll-ms=200", "imnm.terminology.max-expansion-size=50"})
@AutoConfigureObservability
public abstract class FhirServerTest {

    protected static final FhirContext CLIENT_CONTEXT = FhirContext.forR4Cached();

    static {
        CLIENT_CONTEXT.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    @LocalServerPort
    protected int port;

    protected IGenericClient client;
    protected Http http;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabase.get();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @BeforeEach
    void connect() {
        client = CLIENT_CONTEXT.newRestfulGenericClient(base());
        http = new Http(base());
    }

    protected String base() {
        return "http://localhost:" + port + "/fhir";
    }

    /** A value no other test uses, so tests sharing the database never see each other's data. */
    protected static String unique() {
        return UUID.randomUUID().toString();
    }
}
