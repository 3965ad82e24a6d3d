package org.imnm.fhir.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

class TransactionBundleTest extends FhirServerTest {

    private int count(Class<? extends org.hl7.fhir.r4.model.Resource> type, String system, String value) {
        var param = new ca.uhn.fhir.rest.gclient.TokenClientParam("identifier");
        return client.search().forResource(type).where(param.exactly().systemAndCode(system, value))
                .returnBundle(Bundle.class).execute().getEntry().size();
    }

    private static String patientEntry(String fullUrl, String mrn, String ifNoneExist) {
        return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                + "\"urn:test:mrn\",\"value\":\"" + mrn + "\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\""
                + (ifNoneExist == null ? "" : ",\"ifNoneExist\":\"" + ifNoneExist + "\"") + "}}";
    }

    private static String observationEntry(String obsId, String subject, String status) {
        return "{\"resource\":{\"resourceType\":\"Observation\",\"identifier\":[{\"system\":\"urn:test:obs\",\"value\":\""
                + obsId + "\"}],\"status\":\"" + status + "\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                + "\"code\":\"2157-6\"}]},\"subject\":{\"reference\":\"" + subject + "\"},\"valueQuantity\":{\"value\":"
                + "4200,\"unit\":\"U/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"U/L\"}},\"request\":"
                + "{\"method\":\"POST\",\"url\":\"Observation\"}}";
    }

    private static String bundle(String type, String... entries) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + String.join(",", entries) + "]}";
    }

    @Test
    void resolvesUrnUuidAndConditionalReferencesToAssignedIds() {
        String mrn = unique(), obs1 = unique(), obs2 = unique();
        String tx = bundle("transaction",
                observationEntry(obs1, "urn:uuid:aaaaaaaa-0000-0000-0000-000000000001", "final"),
                patientEntry("urn:uuid:aaaaaaaa-0000-0000-0000-000000000001", mrn, "identifier=urn:test:mrn|" + mrn),
                observationEntry(obs2, "Patient?identifier=urn:test:mrn|" + mrn, "final"));
        HttpResponse<String> r = http.post("", tx);
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle response = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        // responses come back in request order
        assertThat(response.getEntry().get(1).getResponse().getLocation()).startsWith("Patient/");
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        String patientRef = response.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");

        for (String obs : new String[] {obs1, obs2}) {
            Observation o = (Observation) client.search().forResource(Observation.class)
                    .where(new ca.uhn.fhir.rest.gclient.TokenClientParam("identifier").exactly()
                            .systemAndCode("urn:test:obs", obs))
                    .returnBundle(Bundle.class).execute().getEntryFirstRep().getResource();
            assertThat(o.getSubject().getReference()).isEqualTo(patientRef);
        }
    }

    @Test
    void conditionalCreateInsideATransactionReusesTheExistingResource() {
        String mrn = unique();
        String entry = patientEntry("urn:uuid:bbbbbbbb-0000-0000-0000-000000000001", mrn, "identifier=urn:test:mrn|" + mrn);
        assertThat(http.post("", bundle("transaction", entry)).statusCode()).isEqualTo(200);
        HttpResponse<String> again = http.post("", bundle("transaction", entry));
        assertThat(again.body()).contains("\"status\":\"200 OK\"");
        assertThat(count(Patient.class, "urn:test:mrn", mrn)).isEqualTo(1);
    }

    @Test
    void aFailingEntryRollsBackEverythingAndIsNamed() {
        String mrn = unique(), obs1 = unique(), obs2 = unique();
        String tx = bundle("transaction",
                patientEntry("urn:uuid:cccccccc-0000-0000-0000-000000000001", mrn, null),
                observationEntry(obs1, "urn:uuid:cccccccc-0000-0000-0000-000000000001", "final"),
                // the third entry points at a patient that does not exist: the whole Bundle must fail
                observationEntry(obs2, "Patient?identifier=urn:test:mrn|nobody-" + mrn, "final"));
        HttpResponse<String> r = http.post("", tx);
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(r.body()).contains("Bundle.entry[2]");
        assertThat(count(Patient.class, "urn:test:mrn", mrn)).isZero();
        assertThat(count(Observation.class, "urn:test:obs", obs1)).isZero();
    }

    @Test
    void anInvalidEntryIs422NamingItAndWritesNothing() {
        String mrn = unique(), obs = unique();
        String tx = bundle("transaction",
                patientEntry("urn:uuid:dddddddd-0000-0000-0000-000000000001", mrn, null),
                observationEntry(obs, "urn:uuid:dddddddd-0000-0000-0000-000000000001", "not-a-status"));
        HttpResponse<String> r = http.post("", tx);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(count(Patient.class, "urn:test:mrn", mrn)).isZero();
    }

    @Test
    void aDatabaseFailureMidwayRollsBackEarlierWrites() {
        // The second PUT carries a stale If-Match: it fails only when executed, after the POST was written.
        String mrn = unique();
        String id = "tx-" + unique().substring(0, 8);
        http.put("Patient/" + id, "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}");
        String tx = bundle("transaction",
                patientEntry("urn:uuid:eeeeeeee-0000-0000-0000-000000000001", mrn, null),
                "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":false},"
                        + "\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + id + "\",\"ifMatch\":\"W/\\\"7\\\"\"}}");
        HttpResponse<String> r = http.post("", tx);
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(r.body()).contains("Bundle.entry[1]");
        assertThat(count(Patient.class, "urn:test:mrn", mrn)).isZero();
        assertThat(http.get("Patient/" + id).body()).contains("\"versionId\":\"1\"");
    }

    @Test
    void processesDeleteBeforePostBeforePutBeforeGet() {
        String mrn = unique();
        String oldId = "order-old-" + unique().substring(0, 8), newId = "order-new-" + unique().substring(0, 8);
        http.put("Patient/" + oldId, "{\"resourceType\":\"Patient\",\"id\":\"" + oldId + "\",\"identifier\":[{\"system\":"
                + "\"urn:test:mrn\",\"value\":\"" + mrn + "\"}]}");
        // Listed GET, PUT, POST, DELETE. Run in the specification's order (DELETE, POST, PUT, GET), the search
        // sees exactly the POSTed and the PUT patient: not the deleted one, and not only the old one.
        String tx = bundle("transaction",
                "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?identifier=urn:test:mrn|" + mrn + "\"}}",
                "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + newId + "\",\"identifier\":[{\"system\":"
                        + "\"urn:test:mrn\",\"value\":\"" + mrn + "\"}]},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/"
                        + newId + "\"}}",
                patientEntry("urn:uuid:ffffffff-0000-0000-0000-000000000001", mrn, null),
                "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/" + oldId + "\"}}");
        HttpResponse<String> r = http.post("", tx);
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle response = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, r.body());
        Bundle searchResult = (Bundle) response.getEntry().get(0).getResource();
        String postedId = response.getEntry().get(2).getResponse().getLocation().split("/")[1];
        assertThat(searchResult.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()))
                .containsExactlyInAnyOrder(postedId, newId);
        assertThat(response.getEntry().get(3).getResponse().getStatus()).startsWith("204");
    }

    @Test
    void batchAnswersEachEntryOnItsOwn() {
        String mrn = unique();
        String batch = bundle("batch",
                patientEntry("urn:uuid:12345678-0000-0000-0000-000000000001", mrn, null),
                "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/does-not-exist-" + mrn.substring(0, 6) + "\"}}",
                "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\"},"
                        + "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
        HttpResponse<String> r = http.post("", batch);
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle response = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
        assertThat(response.getEntry().get(2).getResponse().getStatus()).startsWith("422");
        assertThat(count(Patient.class, "urn:test:mrn", mrn)).isEqualTo(1);
    }

    @Test
    void batchKeepsGoodEntriesWhenOneIsRefused() {
        String mrn = unique(), obs = unique();
        String batch = bundle("batch",
                patientEntry("urn:uuid:22345678-0000-0000-0000-000000000001", mrn, null),
                observationEntry(obs, "Patient?identifier=urn:test:mrn|missing-" + mrn, "final"));
        HttpResponse<String> r = http.post("", batch);
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle response = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("412");
        assertThat(response.getEntry().get(1).getResponse().getOutcome()).isNotNull();
        assertThat(count(Patient.class, "urn:test:mrn", mrn)).isEqualTo(1);
        assertThat(count(Observation.class, "urn:test:obs", obs)).isZero();
    }

    @Test
    void touchingOneResourceTwiceFailsTheTransaction() {
        String id = "twice-" + unique().substring(0, 8);
        String put = "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"},"
                + "\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + id + "\"}}";
        String delete = "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/" + id + "\"}}";
        HttpResponse<String> r = http.post("", bundle("transaction", put, delete));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Bundle.entry[0]").contains("Bundle.entry[1]");
        assertThat(http.get("Patient/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTransactionAndBatchBundlesAreProcessed() {
        HttpResponse<String> r = http.post("", bundle("collection"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("transaction");
    }
}
