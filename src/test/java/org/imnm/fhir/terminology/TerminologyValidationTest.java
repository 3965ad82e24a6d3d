package org.imnm.fhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ValueSet;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/** Writes are checked against the code systems stored here. */
class TerminologyValidationTest extends FhirServerTest {

    private int create(org.hl7.fhir.r4.model.Resource r) {
        return http.post(r.fhirType(), CLIENT_CONTEXT.newJsonParser().encodeResourceToString(r)).statusCode();
    }

    private static Condition condition(String system, String code) {
        Condition c = new Condition();
        c.getCode().addCoding().setSystem(system).setCode(code);
        c.getSubject().setReference("Patient/someone");
        return c;
    }

    @Test
    void aCodeUnknownToACompleteCodeSystemHeldHereIsRejectedNamingIt() {
        String system = "http://example.org/fhir/test-validation/" + unique();
        client.create().resource(TerminologyFixtures.myopathies(system)).execute();

        assertThat(create(condition(system, "imnm"))).isEqualTo(201);
        var rejected = http.post("Condition", CLIENT_CONTEXT.newJsonParser()
                .encodeResourceToString(condition(system, "not-a-myopathy")));
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(rejected.body()).contains("not-a-myopathy").contains("Condition.code");
    }

    @Test
    void aNewCodeCountsAsSoonAsItsCodeSystemIsUpdated() {
        String system = "http://example.org/fhir/test-validation/" + unique();
        CodeSystem cs = TerminologyFixtures.myopathies(system);
        String id = client.create().resource(cs).execute().getId().getIdPart();
        assertThat(create(condition(system, "brand-new"))).isEqualTo(422);
        cs.setId(id);
        cs.addConcept().setCode("brand-new").setDisplay("Added");
        client.update().resource(cs).execute();
        assertThat(create(condition(system, "brand-new"))).isEqualTo(201);
    }

    @Test
    void aCodeMissingFromAFragmentIsAllowedSinceItMayExist() {
        // the shipped LOINC fragment (loaded at start-up) lacks hemoglobin 718-7
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("718-7");
        assertThat(create(o)).isEqualTo(201);
    }

    @Test
    void aStoredValueSetThatCannotBeExpandedHereDoesNotRejectWrites() {
        // A client may store a ValueSet including all of a code system this server does not hold, even under a
        // specification url (the R4 examples hold mimetypes: all of urn:ietf:bcp:13). Membership in it cannot be
        // checked then: a warning, as FHIR core reports a value set it cannot expand, not a rejected write.
        ValueSet mimeTypes = new ValueSet();
        mimeTypes.setUrl("http://hl7.org/fhir/ValueSet/mimetypes").setStatus(Enumerations.PublicationStatus.ACTIVE);
        mimeTypes.getCompose().addInclude().setSystem("urn:ietf:bcp:13");
        String id = client.create().resource(mimeTypes).execute().getId().getIdPart();
        try {
            Patient withPhoto = new Patient();
            withPhoto.addPhoto().setContentType("image/jpeg").setData(new byte[] {1, 2, 3});
            assertThat(create(withPhoto)).isEqualTo(201);
        } finally {
            client.delete().resourceById("ValueSet", id).execute();
        }
    }
}
