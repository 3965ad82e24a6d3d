package org.imnm.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.imnm.fhir.support.FhirServerTest;
import org.imnm.fhir.support.Http;
import org.junit.jupiter.api.Test;

class OperationsEndpointsTest extends FhirServerTest {

    private Http root() {
        return new Http("http://localhost:" + port);
    }

    @Test
    void healthReportsTheDatabase() {
        HttpResponse<String> r = root().get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"db\"");
    }

    @Test
    void prometheusCountsRequestsPerInteraction() {
        http.get("Patient?_count=1");
        http.get("Patient/does-not-exist");
        String metrics = root().get("/actuator/prometheus").body();
        assertThat(metrics).contains("fhir_requests_seconds_count{interaction=\"search-type\",status=\"200\",type=\"Patient\"}");
        assertThat(metrics).contains("interaction=\"read\",status=\"404\",type=\"Patient\"");
    }

    @Test
    void prometheusReportsTheCpuThatValidatingWritesCosts() {
        double before = validationCount();
        assertThat(http.post("Patient", "{\"resourceType\":\"Patient\",\"active\":true}",
                "Content-Type", "application/fhir+json").statusCode()).isEqualTo(201);
        assertThat(validationCount()).isGreaterThanOrEqualTo(before + 1);
    }

    private double validationCount() {
        return root().get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith("fhir_validation_cpu_seconds_count"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void swaggerUiAndApiDocsAreServed() {
        assertThat(http.get("api-docs").body()).contains("openapi: 3.0.1");
        assertThat(http.get("swagger-ui/").statusCode()).isEqualTo(200);
    }
}
