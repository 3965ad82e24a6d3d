package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResourceValidatorTest {

    private static ResourceValidator validator;

    @BeforeAll
    static void setUp() {
        FhirContext ctx = FhirContext.forR4();
        ctx.setValidationSupport(ValidationSupports.baseR4(ctx));
        validator = new ResourceValidator(ctx, ctx.getValidationSupport(), new org.imnm.fhir.search.UcumUnits(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), true);
    }

    private static Observation valid() {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "2157-6", "Creatine kinase")));
        o.setSubject(new org.hl7.fhir.r4.model.Reference("urn:uuid:6d2c3b2e-0000-4000-8000-000000000001"));
        o.addPerformer(new org.hl7.fhir.r4.model.Reference("Practitioner/123"));
        return o;
    }

    private static Observation missingCode() {
        return new Observation().setStatus(Observation.ObservationStatus.FINAL);
    }

    @Test
    void rejectsAMissingRequiredElementNamingIt() {
        assertThatThrownBy(() -> validator.validate(missingCode()))
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
                    OperationOutcome oo = (OperationOutcome) e.getOperationOutcome();
                    assertThat(oo.getIssueFirstRep().getDiagnostics()).contains("Observation.code");
                    assertThat(oo.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Observation");
                });
    }

    @Test
    void aReusedValidatorCarriesNothingFromOneResourceToTheNext() {
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> validator.validate(missingCode())).isInstanceOf(UnprocessableEntityException.class);
            assertThatCode(() -> validator.validate(valid())).doesNotThrowAnyException();
        }
    }

    @Test
    void aValueSetIncludingACodeSystemKnownOnlyByOidIsChecked() {
        // The validator looks for a CodeSystem with that identifier by listing every CodeSystem, which HAPI's
        // adapter refuses (HAPI-0650): this was a 500 for the specification's own example ValueSet-device-safety.
        org.hl7.fhir.r4.model.ValueSet vs = new org.hl7.fhir.r4.model.ValueSet();
        vs.setUrl("http://example.org/ValueSet/device-safety").setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.DRAFT);
        vs.getCompose().addInclude().setSystem("urn:oid:2.16.840.1.113883.3.26.1.1").addConcept().setCode("C106045");
        assertThatCode(() -> validator.validate(vs)).doesNotThrowAnyException();
        assertThat(ResourceValidator.hasErrors(validator.check(vs, null))).isFalse();
    }
}
