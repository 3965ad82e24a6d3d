package org.imnm.fhir.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

class ConditionalInteractionTest extends FhirServerTest {

    private String patientJson(String mrn, String family) {
        return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test:mrn\",\"value\":\"" + mrn
                + "\"}],\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    private int count(String mrn) {
        return client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:test:mrn", mrn))
                .returnBundle(Bundle.class).execute().getEntry().size();
    }

    @Test
    void conditionalCreateCreatesOnceThenReturnsTheMatch() {
        String mrn = unique();
        String ifNoneExist = "identifier=urn:test:mrn|" + mrn;
        HttpResponse<String> first = http.post("Patient", patientJson(mrn, "A"), "If-None-Exist", ifNoneExist);
        HttpResponse<String> second = http.post("Patient", patientJson(mrn, "B"), "If-None-Exist", ifNoneExist);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(count(mrn)).isEqualTo(1);
    }

    @Test
    void conditionalCreateMatchingSeveralIs412() {
        String mrn = unique();
        http.post("Patient", patientJson(mrn, "A"));
        http.post("Patient", patientJson(mrn, "B"));
        HttpResponse<String> r = http.post("Patient", patientJson(mrn, "C"), "If-None-Exist",
                "identifier=urn:test:mrn|" + mrn);
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(count(mrn)).isEqualTo(2);
    }

    @Test
    void conditionalUpdateCreatesThenUpdatesTheMatch() {
        String mrn = unique();
        String url = "Patient?identifier=urn:test:mrn|" + mrn;
        HttpResponse<String> created = http.put(url, patientJson(mrn, "First"));
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> updated = http.put(url, patientJson(mrn, "Second"));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).contains("W/\"2\"");
        assertThat(count(mrn)).isEqualTo(1);
    }

    @Test
    void conditionalUpdateWithUnknownCriteriaIsRefusedRatherThanMatchingEverything() {
        HttpResponse<String> r = http.put("Patient?no-such-param=1", patientJson(unique(), "X"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("no-such-param");
    }

    @Test
    void conditionalDeleteRemovesTheSingleMatch() {
        String mrn = unique();
        http.post("Patient", patientJson(mrn, "Del"));
        HttpResponse<String> r = http.delete("Patient?identifier=urn:test:mrn|" + mrn);
        assertThat(r.statusCode()).isIn(200, 204);
        assertThat(count(mrn)).isZero();
    }

    @Test
    void conditionalDeleteMatchingSeveralIs412AndDeletesNothing() {
        String mrn = unique();
        http.post("Patient", patientJson(mrn, "A"));
        http.post("Patient", patientJson(mrn, "B"));
        assertThat(http.delete("Patient?identifier=urn:test:mrn|" + mrn).statusCode()).isEqualTo(412);
        assertThat(count(mrn)).isEqualTo(2);
    }
}
