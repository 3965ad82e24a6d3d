package org.imnm.fhir.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Client mistakes get a 4xx OperationOutcome that names the problem, and nothing is written. */
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest extends FhirServerTest {

    /** An Observation tagged with identifier {@code system|tag}, valued as a UCUM quantity (value as JSON). */
    private static String observationWithQuantity(String system, String tag, String value, String unit) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"identifier\":[{\"system\":\"" + system
                + "\",\"value\":\"" + tag + "\"}],\"code\":{\"text\":\"CK\"},\"valueQuantity\":{\"value\":" + value
                + ",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"}}";
    }

    /** $validate answers 200 with an OperationOutcome that mentions the problem. */
    private void assertValidateReports(String body, String mentions) {
        var checked = http.post("Observation/$validate", body);
        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(checked.body()).contains(mentions);
    }

    private static void assertOutcome(HttpResponse<String> r, int status, String mentions) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).contains("OperationOutcome").contains(mentions);
        assertThat(r.body()).doesNotContain("at org.").doesNotContain("Exception:");
    }


    @Test
    void contentBreakingTheR4DefinitionsIs422NamingTheElement() {
        assertOutcome(http.post("Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\"}"),
                422, "Observation.code");
        assertOutcome(http.post("Patient", "{\"resourceType\":\"Patient\",\"gender\":\"banana\"}"), 422, "gender");
        assertOutcome(http.post("Patient", "{\"resourceType\":\"Patient\",\"favouriteColour\":\"red\"}"),
                422, "favouriteColour");
    }

    /**
     * Shapes that trip HAPI's JSON parser inside instead of being reported by it (found by mutating the
     * specification's examples): a 400 like any other malformed body, not a 500, alone or in a transaction.
     */
    @Test
    void bodiesHapisParserFailsOnInsideAre400AndNothingIsWritten() {
        String tag = unique();
        String identifier = "\"identifier\":[{\"system\":\"urn:test:shape\",\"value\":\"" + tag + "\"}]";
        for (String part : List.of("\"extension\":[5]", "\"modifierExtension\":[[]]",
                "\"name\":[{\"extension\":[\"x\"]}]", "\"contained\":[{\"resourceType\":\"\",\"id\":\"c\"}]",
                "\"text\":{\"status\":\"generated\",\"div\":\" \"}")) {
            String patient = "{\"resourceType\":\"Patient\"," + identifier + "," + part + "}";
            assertOutcome(http.post("Patient", patient), 400, "Malformed content");
            assertOutcome(http.put("Patient/shape-" + tag, patient.replace("{\"resourceType\":\"Patient\",",
                    "{\"resourceType\":\"Patient\",\"id\":\"shape-" + tag + "\",")), 400, "Malformed content");
            String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                    + patient + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
            assertOutcome(http.post("", transaction), 400, "Malformed content");
        }
        assertThat(searchIds("Patient?identifier=urn:test:shape|" + tag)).isEmpty();
    }

    /** A DELETE naming neither a resource nor criteria is refused; it used to fail with a 500. */
    @Test
    void deleteWithoutAnIdOrCriteriaIs400AndDeletesNothing() {
        String id = client.create().resource(new org.hl7.fhir.r4.model.Organization().setName("Kept " + unique()))
                .execute().getId().getIdPart();
        for (String path : List.of("Organization", "Organization?")) {
            assertOutcome(http.delete(path), 400, "DELETE needs a resource id");
        }
        assertThat(http.get("Organization/" + id).statusCode()).isEqualTo(200);
    }

    /** The UCUM library fails on an integer beyond int inside a unit; that is an invalid unit, not a 500. */
    @Test
    void aUcumUnitWithAnIntegerTooLargeIs422AndNothingIsWritten() {
        String tag = unique();
        for (String unit : List.of("99999999999", "m2147483648", "g/10*2147483648")) {
            String body = observationWithQuantity("urn:test:ucum", tag, "1", unit);
            assertOutcome(http.post("Observation", body), 422, "Invalid UCUM code '" + unit + "'");
            assertValidateReports(body, "Invalid UCUM code");
        }
        assertThat(searchIds("Observation?identifier=urn:test:ucum|" + tag)).isEmpty();
    }

    @Test
    void decimalsBeyondWhatIsStoredAre422AndNothingIsWritten() {
        String tag = unique();
        for (String value : List.of("1e-9999999", "1e-20000", "1e5000")) {
            String body = observationWithQuantity("urn:test:decimal", tag, value, "U/L");
            assertOutcome(http.post("Observation", body), 422, "out of the range");
            assertValidateReports(body, "out of the range");
        }
        assertThat(searchIds("Observation?identifier=urn:test:decimal|" + tag)).isEmpty();
    }

    @Test
    void controlCharactersInStringsAre422NamingTheElementAndNothingIsWritten() {
        String tag = unique();
        for (String bad : List.of("\\u0000", "\\u0007", "\\u001f")) {
            String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test:ctl\",\"value\":\""
                    + tag + "\"}],\"name\":[{\"family\":\"A" + bad + "B\"}]}";
            assertOutcome(http.post("Patient", body), 422, "Patient.name.family");
        }
        // tab, CR and LF are allowed
        assertThat(http.post("Patient", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test:ctl\","
                + "\"value\":\"" + tag + "\"}],\"name\":[{\"text\":\"A\\tB\\r\\nC\"}]}").statusCode()).isEqualTo(201);
        assertThat(searchIds("Patient?identifier=urn:test:ctl|" + tag)).hasSize(1);
    }

    @Test
    void malformedJsonOrXmlIs400() {
        assertOutcome(http.post("Patient", "{\"resourceType\":\"Patient\","), 400, "JSON");
        assertOutcome(http.post("Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\">",
                "Content-Type", "application/fhir+xml"), 400, "XML");
    }

    @Test
    void unknownResourceTypeIs404() {
        assertOutcome(http.get("Spaceship/1"), 404, "Spaceship");
        assertOutcome(http.post("Spaceship", "{\"resourceType\":\"Spaceship\"}"), 404, "Spaceship");
    }

    @Test
    void updateWhoseBodyIdDiffersFromTheUrlIs400() {
        String id = "mismatch-" + unique().substring(0, 8);
        HttpResponse<String> r = http.put("Patient/" + id, "{\"resourceType\":\"Patient\",\"id\":\"xyz\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("OperationOutcome");
        assertThat(http.put("Patient/" + id, "{\"resourceType\":\"Patient\",\"active\":true}").statusCode())
                .isEqualTo(400);
        assertThat(http.get("Patient/" + id).statusCode()).isEqualTo(404);
        assertThat(http.get("Patient/xyz").statusCode()).isEqualTo(404);
    }

    @Test
    void bodyOverTheConfiguredLimitIs413() {
        String big = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(20_100_000) + "\"}]}";
        assertOutcome(http.post("Patient", big), 413, "limit");
    }

    @Test
    void invalidIdOrVersionIs400() {
        // an id longer than the id datatype allows is invalid content
        assertOutcome(http.put("Patient/" + "x".repeat(65),
                "{\"resourceType\":\"Patient\",\"id\":\"" + "x".repeat(65) + "\"}"), 422, "id");
        assertThat(http.get("Patient/abc/_history/notanumber").statusCode()).isEqualTo(400);
    }

    @Test
    void anUndefinedSummaryModeOnReadOrHistoryIs400() {
        String id = client.create().resource(new org.hl7.fhir.r4.model.Patient().setActive(true)).execute()
                .getId().getIdPart();
        // HAPI ignores a _summary value it does not know and answers in full; the search answers 400, so these do too
        assertOutcome(http.get("Patient/" + id + "?_summary=bogus"), 400, "_summary");
        assertOutcome(http.get("Patient/" + id + "/_history/1?_summary=bogus"), 400, "_summary");
        assertOutcome(http.get("Patient/" + id + "/_history?_summary=bogus"), 400, "_summary");
        assertOutcome(http.get("Patient/_history?_summary=bogus"), 400, "_summary");
        assertThat(http.get("Patient/" + id + "?_summary=true").statusCode()).isEqualTo(200);
        assertThat(http.get("Patient/" + id + "/_history?_summary=false").statusCode()).isEqualTo(200);
    }

    @Test
    void aFormatTheServerDoesNotWriteIs406(CapturedOutput log) {
        String id = client.create().resource(new org.hl7.fhir.r4.model.Patient().setActive(true)).execute()
                .getId().getIdPart();
        // HAPI answers an unknown _format in JSON; R4 (http.html) says a server should answer 406
        assertOutcome(http.get("Patient/" + id + "?_format=bogus"), 406, "_format");
        assertOutcome(http.get("Patient?_id=" + id + "&_format=text/plain"), 406, "_format");
        for (String format : List.of("json", "xml", "ttl", "application/fhir%2Bjson", "application/fhir%2Bxml", "text/turtle")) {
            assertThat(http.get("Patient/" + id + "?_format=" + format).statusCode()).as(format).isEqualTo(200);
        }
        // A client's mistake is not the server's error: no ERROR line with a stack trace for any of these
        assertOutcome(http.get("Patient/" + id + "?_summary=bogus"), 400, "_summary");
        assertThat(log.getOut()).doesNotContain("Exception thrown by interceptor");
    }

    /** Terminology keys are stored whole, so one over a B-tree entry's 2,704 bytes is refused, not a 500. */
    @Test
    void aCanonicalUrlOrCodeTooLongToIndexIs422AndNothingIsWritten() {
        java.util.Random random = new java.util.Random(11);
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 3000; i++) longText.append((char) ('a' + random.nextInt(26))); // does not compress
        // Marked with its own identifier: the shipped content may still be loading when this runs, so a count
        // of all ValueSets before and after could change for reasons of its own.
        String tag = unique();
        String valueSet = "{\"resourceType\":\"ValueSet\",\"url\":\"http://example.org/" + longText
                + "\",\"identifier\":[{\"system\":\"urn:test:long\",\"value\":\"" + tag + "\"}],"
                + "\"status\":\"active\",\"compose\":{\"include\":[{\"system\":\"http://loinc.org\"}]}}";
        assertOutcome(http.post("ValueSet", valueSet), 422, "too long");
        assertThat(searchIds("ValueSet?identifier=urn:test:long|" + tag)).isEmpty();

        String codeSystem = "{\"resourceType\":\"CodeSystem\",\"url\":\"urn:test:long-code:" + unique()
                + "\",\"status\":\"active\",\"content\":\"complete\",\"concept\":[{\"code\":\"" + longText + "\"}]}";
        assertOutcome(http.post("CodeSystem", codeSystem), 422, "too long");
    }
}
