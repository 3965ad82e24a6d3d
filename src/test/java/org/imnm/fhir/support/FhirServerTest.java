package org.imnm.fhir.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
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

    /** A GET that must answer 200, its body parsed as {@code type}. */
    protected <T extends IBaseResource> T getOk(String path, Class<T> type, String... headers) {
        var response = http.get(path, headers);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return CLIENT_CONTEXT.newJsonParser().parseResource(type, response.body());
    }

    /** The ids of the resources a search (which must answer 200) returns, in order. */
    protected List<String> searchIds(String query, String... headers) {
        return getOk(query, Bundle.class, headers).getEntry().stream()
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    /**
     * The labels a test gave the resources it created ({@code idByLabel}) for these ids, in order; an id it did
     * not create shows as "?id".
     */
    protected static List<String> labels(List<String> ids, java.util.Map<String, String> idByLabel) {
        return ids.stream().map(id -> idByLabel.entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(java.util.Map.Entry::getKey).findFirst().orElse("?" + id)).toList();
    }

    /** A value no other test uses, so tests sharing the database never see each other's data. */
    protected static String unique() {
        return UUID.randomUUID().toString();
    }
}
