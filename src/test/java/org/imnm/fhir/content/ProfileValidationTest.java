package org.imnm.fhir.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The IMNM profiles: each accepts its valid examples and rejects typical mistakes with the rule named. */
class ProfileValidationTest extends FhirServerTest {

    static final String SD = "urn:imnm-fhir:StructureDefinition/";

    @Autowired
    ContentLoader loader;

    private static boolean loaded;

    @BeforeEach
    void loaded() {
        if (loaded) return; // start-up loads them too, asynchronously; this makes sure, once per run
        loader.load("content/imnm-terminology.json");
        loader.load(ContentLoader.PROFILES);
        loaded = true;
    }

    private HttpResponse<String> post(String type, String json) {
        return http.post(type, json);
    }

    private static String ck(String valueQuantity) {
        return "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"" + SD + "creatine-kinase\"]},"
                + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2157-6\"}]},"
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-03-01\""
                + (valueQuantity == null ? "" : ",\"valueQuantity\":" + valueQuantity)
                + ",\"interpretation\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"H\"}]}],"
                + "\"referenceRange\":[{\"high\":{\"value\":308,\"system\":\"http://unitsofmeasure.org\",\"code\":\"U/L\"}}]}";
    }

    private static String condition(String codings, String subtype, boolean verified) {
        return "{\"resourceType\":\"Condition\",\"meta\":{\"profile\":[\"" + SD + "imnm-condition\"]},"
                + (subtype == null ? "" : "\"extension\":[{\"url\":\"" + SD + "imnm-subtype\",\"valueCoding\":{\"system\":"
                        + "\"urn:imnm-fhir:CodeSystem/imnm-subtype\",\"code\":\"" + subtype + "\"}}],")
                + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\","
                + "\"code\":\"active\"}]},"
                + (verified ? "\"verificationStatus\":{\"coding\":[{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"confirmed\"}]}," : "")
                + "\"code\":{\"coding\":[" + codings + "]},\"subject\":{\"reference\":\"Patient/p1\"}}";
    }

    private static final String IMNM_SCT = "{\"system\":\"http://snomed.info/sct\",\"code\":\"715863001\"}";
    private static final String IMNM_CM = "{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"G72.49\"}";
    private static final String POLYMYOSITIS = "{\"system\":\"http://snomed.info/sct\",\"code\":\"31384009\"}";

    private static String antibody(String code, String value) {
        return "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"" + SD + "myositis-autoantibody\"]},"
                + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + code + "\"}]},"
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-03-01\"," + value + "}";
    }

    private static void assertRejected(HttpResponse<String> r, String... mentions) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        for (String m : mentions) assertThat(r.body()).contains(m);
    }

    @Test
    void creatineKinaseNeedsAUcumCatalyticQuantity() {
        String ul = "{\"value\":5400,\"unit\":\"U/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"U/L\"}";
        var ulResponse = post("Observation", ck(ul));
        assertThat(ulResponse.statusCode()).as(ulResponse.body()).isEqualTo(201);
        String ukat = "{\"value\":90,\"unit\":\"µkat/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"ukat/L\"}";
        var ukatResponse = post("Observation", ck(ukat));
        assertThat(ukatResponse.statusCode()).as(ukatResponse.body()).isEqualTo(201);
        assertRejected(post("Observation", ck(null)), "Observation.value");
        String mg = "{\"value\":5,\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}";
        assertRejected(post("Observation", ck(mg)), "imnm-enzyme-1");
        assertRejected(post("Observation", ck(ul).replace("2157-6", "1761-6")), "Observation.code");
        assertRejected(post("Observation", ck(ul).replace("laboratory", "vital-signs")), "imnm-lab-1");
    }

    @Test
    void imnmConditionCodesMeanImnmAndTheSubtypeIsAnExtension() {
        assertThat(post("Condition", condition(IMNM_SCT + "," + IMNM_CM, "anti-hmgcr", true)).statusCode()).isEqualTo(201);
        assertThat(post("Condition", condition(IMNM_SCT, null, true)).statusCode()).isEqualTo(201);
        assertRejected(post("Condition", condition(POLYMYOSITIS, null, true)), "31384009");
        assertRejected(post("Condition", condition(IMNM_SCT + "," + POLYMYOSITIS, null, true)), "31384009");
        assertRejected(post("Condition", condition(IMNM_SCT, "anti-jo1", true)), "anti-jo1");
        assertRejected(post("Condition", condition(IMNM_SCT, null, false)), "verificationStatus");
    }

    @Test
    void autoantibodyValuesAreCodedResultsOrQuantities() {
        String positive = "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"10828004\"}]}";
        assertThat(post("Observation", antibody("33921-8", positive)).statusCode()).isEqualTo(201);
        String indeterminate = "\"valueCodeableConcept\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"IND\"}]}";
        assertThat(post("Observation", antibody("93493-5", indeterminate)).statusCode()).isEqualTo(201);
        String units = "\"valueQuantity\":{\"value\":45,\"unit\":\"Units\",\"system\":\"http://unitsofmeasure.org\","
                + "\"code\":\"[arb'U]/mL\"}";
        assertThat(post("Observation", antibody("93493-5", units)).statusCode()).isEqualTo(201);
        String maybe = "\"valueCodeableConcept\":{\"text\":\"maybe\"}";
        assertRejected(post("Observation", antibody("33921-8", maybe)), "imnm-ab-1");
        assertRejected(post("Observation", antibody("2157-6", positive)), "2157-6");
    }

    @Test
    void aPanelGroupsAntibodyObservationsAndHasNoValue() {
        String panel = "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"" + SD + "myositis-antibody-panel\"]},"
                + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
                + "\"code\":{\"text\":\"Myositis antibody panel\"},\"subject\":{\"reference\":\"Patient/p1\"}";
        assertThat(post("Observation", panel + ",\"hasMember\":[{\"reference\":\"Observation/a1\"}]}").statusCode())
                .isEqualTo(201);
        assertRejected(post("Observation", panel + "}"), "hasMember");
        assertRejected(post("Observation", panel + ",\"hasMember\":[{\"reference\":\"Observation/a1\"}],"
                + "\"valueString\":\"positive\"}"), "value");
    }

    @Test
    void profilesAreServedReadOnlyWithSnapshotsAndListedInTheCapabilityStatement() {
        var found = http.get("StructureDefinition?url=" + SD + "imnm-condition");
        assertThat(found.statusCode()).isEqualTo(200);
        StructureDefinition sd = (StructureDefinition) CLIENT_CONTEXT.newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.Bundle.class, found.body()).getEntryFirstRep().getResource();
        assertThat(sd.getDifferential().getElement()).isNotEmpty();
        assertThat(sd.getSnapshot().getElement()).hasSizeGreaterThan(sd.getDifferential().getElement().size());

        assertThat(http.post("StructureDefinition", CLIENT_CONTEXT.newJsonParser().encodeResourceToString(sd))
                .statusCode()).isEqualTo(405);
        assertThat(http.put("StructureDefinition/" + sd.getIdElement().getIdPart(),
                CLIENT_CONTEXT.newJsonParser().encodeResourceToString(sd)).statusCode()).isEqualTo(405);
        String tx = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + CLIENT_CONTEXT.newJsonParser().encodeResourceToString(sd) + ",\"request\":{\"method\":\"PUT\","
                + "\"url\":\"StructureDefinition/" + sd.getIdElement().getIdPart() + "\"}}]}";
        assertThat(http.post("", tx).statusCode()).isEqualTo(405);

        CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
        var condition = cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("Condition"))
                .findFirst().orElseThrow();
        assertThat(condition.getSupportedProfile()).extracting(c -> c.getValue()).containsExactly(SD + "imnm-condition");
    }

    @Test
    void theShippedTrialsConformToTheResearchStudyProfile() {
        loader.load("content/imnm-trials.json");
        var bundle = CLIENT_CONTEXT.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class,
                http.get("ResearchStudy?identifier=https://clinicaltrials.gov|").body());
        assertThat(bundle.getEntry()).hasSize(4);
        for (var e : bundle.getEntry()) {
            assertThat(e.getResource().getMeta().getProfile()).extracting(c -> c.getValue())
                    .containsExactly(SD + "imnm-research-study");
            var checked = http.post("ResearchStudy/$validate?profile=" + SD + "imnm-research-study",
                    CLIENT_CONTEXT.newJsonParser().encodeResourceToString(e.getResource()));
            assertThat(checked.body()).as(checked.body()).doesNotContain("\"error\"");
        }
        String noNct = "{\"resourceType\":\"ResearchStudy\",\"meta\":{\"profile\":[\"" + SD + "imnm-research-study\"]},"
                + "\"status\":\"active\",\"title\":\"A study\",\"identifier\":[{\"system\":\"urn:other\",\"value\":\"1\"}],"
                + "\"phase\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/research-study-phase\","
                + "\"code\":\"phase-2\"}]},\"condition\":[{\"text\":\"IMNM\"}],\"focus\":[{\"text\":\"IVIG\"}],"
                + "\"enrollment\":[{\"reference\":\"Group/g1\"}]}";
        assertRejected(post("ResearchStudy", noNct), "imnm-rs-1");
    }

    @Test
    void validateOperationChecksWithoutStoring() {
        String mg = "{\"value\":5,\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}";
        var invalid = http.post("Observation/$validate", ck(mg));
        assertThat(invalid.statusCode()).isEqualTo(200);
        OperationOutcome oo = CLIENT_CONTEXT.newJsonParser().parseResource(OperationOutcome.class, invalid.body());
        assertThat(oo.getIssue()).anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                && i.getDiagnostics().contains("imnm-enzyme-1"));

        // a profile given as parameter applies even when the resource does not claim it
        String unclaimed = ck(mg).replace("\"meta\":{\"profile\":[\"" + SD + "creatine-kinase\"]},", "");
        var plain = http.post("Observation/$validate", unclaimed);
        assertThat(plain.body()).doesNotContain("imnm-enzyme-1");
        var withProfile = http.post("Observation/$validate?profile=" + SD + "creatine-kinase", unclaimed);
        assertThat(withProfile.statusCode()).isEqualTo(200);
        assertThat(withProfile.body()).contains("imnm-enzyme-1");

        String ul = "{\"value\":5400,\"system\":\"http://unitsofmeasure.org\",\"code\":\"U/L\"}";
        var valid = http.post("Observation/$validate", ck(ul));
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).contains("OperationOutcome").doesNotContain("\"error\"");
        // $validate reports the best-practice recommendations too, which writes do not evaluate
        assertThat(valid.body()).contains("dom-6");
        assertThat(http.get("Observation?code=http://loinc.org|2157-6&value-quantity=5|http://unitsofmeasure.org|mg")
                .body()).doesNotContain("\"entry\"");

        assertThat(http.post("Observation/abc/$validate?mode=update", ck(ul).replace("{\"resourceType\":\"Observation\",",
                "{\"resourceType\":\"Observation\",\"id\":\"xyz\",")).statusCode()).isEqualTo(400);
        assertThat(http.post("Observation/does-not-exist/$validate?mode=delete", ck(ul)).statusCode()).isEqualTo(404);
        assertThat(http.post("Observation/$validate?profile=urn:imnm-fhir:StructureDefinition/none", ck(ul)).statusCode())
                .isEqualTo(404);
    }
}
