package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.imnm.fhir.bench.SyntheticCohort;
import org.imnm.fhir.search.UcumUnits;
import org.junit.jupiter.api.Test;

/**
 * The converter must build exactly the tree core's JSON parser builds from HAPI's JSON of the same resource
 * (elements, names, types, values, paths, definitions, narrative, parse issues), or step aside.
 */
class ParsedResourceConverterTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();
    private static final ParsedResourceConverterEquivalence ROUTES = new ParsedResourceConverterEquivalence(CTX);

    /** As the server sees a resource: parsed from a client's JSON. */
    private static Resource parsed(String json) {
        return (Resource) CTX.newJsonParser().parseResource(json);
    }

    private static void assertSameTree(String json) throws Exception {
        Resource resource = parsed(json);
        String converted = ROUTES.converted(resource);
        assertThat(converted).as("converted, not handed to the JSON route").isNotNull();
        assertThat(converted).isEqualTo(ROUTES.viaJson(resource));
    }

    @Test
    void theBenchmarkCohortConvertsToTheSameTrees() throws Exception {
        SyntheticCohort cohort = new SyntheticCohort(7);
        for (int i = 0; i < 3; i++) {
            for (Resource r : cohort.next(i).resources()) assertSameTree(CTX.newJsonParser().encodeResourceToString(r));
        }
    }

    @Test
    void primitivesWithExtensionsNarrativeAndChoiceTypes() throws Exception {
        assertSameTree("""
                {"resourceType":"Patient","id":"p1",
                 "meta":{"versionId":"3","lastUpdated":"2026-01-02T03:04:05.678+01:00",
                         "profile":["http://example.org/StructureDefinition/p"],"tag":[{"system":"urn:t","code":"x"}]},
                 "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p>Ann <b>Lee</b></p></div>"},
                 "extension":[{"url":"http://example.org/e","valueInteger":7}],
                 "name":[{"family":"Lee","given":["Ann",null,"Marie"],
                          "_given":[null,{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]},null]}],
                 "gender":"female",
                 "birthDate":"1970-03","_birthDate":{"id":"b1","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1970-03-01T10:00:00Z"}]},
                 "multipleBirthBoolean":false,
                 "active":true}""");
        assertSameTree("""
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"http://loinc.org","code":"2157-6","display":"Creatine kinase"}],"text":"CK"},
                 "subject":{"reference":"urn:uuid:0b7d6a3e-9f4c-4b8e-9d3c-1f2e3a4b5c6d"},
                 "effectivePeriod":{"start":"2026-01-01","end":"2026-01-02T10:00:00Z"},
                 "valueQuantity":{"value":1.50,"comparator":">","unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"},
                 "referenceRange":[{"low":{"value":0},"high":{"value":1.7E2}}],
                 "component":[{"code":{"text":"a"},"valueInteger":-3},{"code":{"text":"b"},"valueBoolean":true},
                              {"code":{"text":"c"},"valueString":"  spaced  "},{"code":{"text":"d"},"valueRange":{"low":{"value":1}}}]}""");
    }

    @Test
    void aResourceSentAsXmlWithComments() throws Exception {
        Resource resource = (Resource) CTX.newXmlParser().parseResource("""
                <Observation xmlns="http://hl7.org/fhir"><!-- a comment --><status value="final"/>
                  <code><!-- another --><coding><system value="http://loinc.org"/><code value="2157-6"/></coding></code>
                  <valueQuantity><value value="12.0"/><unit value="U/L"/></valueQuantity></Observation>""");
        String converted = ROUTES.converted(resource);
        assertThat(converted).isNotNull().isEqualTo(ROUTES.viaJson(resource)).contains("= 12.0\n");
    }

    @Test
    void inheritedChildrenThatR4ListsOnlyByName() throws Exception {
        // ValueSet (a MetadataResource) and Dosage/Timing (BackboneTypes) do not list id, text or extension
        assertSameTree("""
                {"resourceType":"ValueSet","id":"vs","text":{"status":"empty","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">x</div>"},
                 "extension":[{"url":"http://example.org/e","valueString":"v"}],
                 "url":"http://example.org/ValueSet/vs","status":"draft",
                 "compose":{"include":[{"system":"http://loinc.org","concept":[{"code":"2157-6"}]}]}}""");
        assertSameTree("""
                {"resourceType":"MedicationStatement","status":"active",
                 "medicationCodeableConcept":{"text":"abatacept"},"subject":{"reference":"Patient/p1"},
                 "dosage":[{"id":"d1","extension":[{"url":"http://example.org/e","valueCode":"x"}],
                            "timing":{"id":"t1","repeat":{"frequency":1,"period":4,"periodUnit":"wk"}},"text":"125 mg"}]}""");
    }

    @Test
    void referencesAsHapiEncodesThem() throws Exception {
        Resource versioned = parsed("""
                {"resourceType":"Condition","subject":{"reference":"Patient/p1/_history/2","display":"Ann"},
                 "code":{"text":"IMNM"}}""");
        String converted = ROUTES.converted(versioned);
        assertThat(converted).isEqualTo(ROUTES.viaJson(versioned)).contains("= Patient/p1\n").doesNotContain("_history");
        assertSameTree("""
                {"resourceType":"Condition","subject":{"identifier":{"system":"urn:mrn","value":"1"}},"code":{"text":"IMNM"}}""");
    }

    @Test
    void whatIsNotMirroredTakesTheJsonRoute() {
        // contained resources (and the local references to them)
        assertThat(ROUTES.converted(parsed("""
                {"resourceType":"Observation","status":"final","code":{"text":"x"},
                 "contained":[{"resourceType":"Patient","id":"p"}],"subject":{"reference":"#p"}}"""))).isNull();
        // a version only in the id, which HAPI copies into meta.versionId
        Resource withVersion = parsed("""
                {"resourceType":"Patient","id":"p1","active":true}""");
        withVersion.setId("Patient/p1/_history/4");
        assertThat(ROUTES.converted(withVersion)).isNull();
        // a meta tag with neither system nor code, which HAPI leaves out
        Resource blankTag = parsed("""
                {"resourceType":"Patient","active":true}""");
        blankTag.getMeta().addTag().setDisplay("no code");
        assertThat(ROUTES.converted(blankTag)).isNull();
        // a reference to an in-memory resource, which HAPI contains or refers to by its id
        var condition = (org.hl7.fhir.r4.model.Condition) parsed("""
                {"resourceType":"Condition","code":{"text":"IMNM"}}""");
        condition.getSubject().setResource(new org.hl7.fhir.r4.model.Patient().setActive(true));
        assertThat(ROUTES.converted(condition)).isNull();
    }

    @Test
    void theValidatorReportsTheSameIssuesEitherWay() {
        UcumUnits ucum = new UcumUnits();
        var validator = new ReusableInstanceValidator(ValidationSupports.baseR4(CTX), ucum::service);
        String invalid = """
                {"resourceType":"Observation",
                 "code":{"coding":[{"system":"http://loinc.org","code":"2157-6"}]},
                 "effectivePeriod":{"start":"2026-02-01","end":"2026-01-01"},
                 "valueQuantity":{"value":3,"code":"U/L"},
                 "dataAbsentReason":{"text":"also a value"}}""";
        Resource resource = parsed(invalid);
        List<String> viaJson = describe(validator.validate(CTX.newJsonParser().encodeResourceToString(resource), List.of()));
        List<String> converted = describe(validator.validate(resource, List.of()));
        // status missing, per-1 (start after end), qty-3 (code without system), obs-6 (value and absent reason)
        assertThat(viaJson).anyMatch(m -> m.startsWith("ERROR") && m.contains("status"))
                .anyMatch(m -> m.contains("per-1")).anyMatch(m -> m.contains("qty-3")).anyMatch(m -> m.contains("obs-6"));
        assertThat(converted).isEqualTo(viaJson);
        assertThat(describe(validator.validate(resource))).isEqualTo(
                describe(validator.validate(CTX.newJsonParser().encodeResourceToString(resource))));
    }

    private static List<String> describe(List<ValidationMessage> messages) {
        return messages.stream().map(m -> m.getLevel() + " " + m.getLocation() + " " + m.getMessage()).toList();
    }
}
