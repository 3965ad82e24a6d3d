package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.imnm.fhir.search.UcumUnits;
import org.junit.jupiter.api.Test;

class ReusableInstanceValidatorTest {

    private final UcumUnits ucum = new UcumUnits();
    private final ReusableInstanceValidator validator =
            new ReusableInstanceValidator(ValidationSupports.baseR4(FhirContext.forR4Cached()), ucum::service);

    @Test
    void aPooledValidatorKeepsNothingFromTheResourcesItValidated() {
        // a text other than the coding's display, different in each resource, as EHR data has it
        String observation = """
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"http://loinc.org","code":"2157-6","display":"Creatine kinase"}],
                         "text":"CK, reading %d"},
                 "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"H"}]}],
                 "valueQuantity":{"value":12000,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"}}""";
        for (int i = 0; i < 5; i++) {
            assertThat(validator.validate(observation.formatted(i)))
                    .noneMatch(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR);
        }
        // Before the fixes each run added the codings it checked, and each text that differs from its
        // display, with the resource's element tree, to what this counts.
        assertThat(validator.retainedEntries()).isZero();
    }

    @Test
    void coreLeftoversCanBeEmptiedSoValidatorsAreRebuiltOnlyRarely() {
        // Fails when a core release renames the fields RunLeftovers empties: the pool then falls back to a
        // rebuild every 20,000 uses, and RunLeftovers needs the new names.
        assertThat(RunLeftovers.canForget()).isTrue();
        assertThat(ReusableInstanceValidator.USES_PER_INSTANCE).isGreaterThanOrEqualTo(1_000_000);
    }

    @Test
    void writesLeaveOutBestPracticeRecommendationsAndChecksStillReportThem() {
        // no narrative (dom-6, a recommendation) and no value or reason for its absence (obs-6 holds; an
        // error for a missing status shows that writes still check the rules)
        String noNarrative = """
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"http://loinc.org","code":"2157-6"}]}}""";
        String noStatus = noNarrative.replace("\"status\":\"final\",", "");
        for (int round = 0; round < 2; round++) { // alternating: neither kind of run changes the other's definitions
            assertThat(validator.validate(noNarrative)).noneMatch(m -> m.getMessage().contains("dom-6"));
            assertThat(validator.validate(noStatus)).anyMatch(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
                    && m.getMessage().contains("status"));
            assertThat(validator.validate(noNarrative, java.util.List.of()))
                    .anyMatch(m -> m.getLevel() == ValidationMessage.IssueSeverity.WARNING
                            && m.getMessage().contains("dom-6"));
        }
    }

    @Test
    void rebuiltValidatorsJudgeAsTheFirstDid() {
        var rebuiltOften = new ReusableInstanceValidator(ValidationSupports.baseR4(FhirContext.forR4Cached()), ucum::service, 3);
        String valid = """
                {"resourceType":"Observation","status":"final","code":{"text":"CK"}}""";
        String noStatus = """
                {"resourceType":"Observation","code":{"text":"CK"}}""";
        for (int i = 0; i < 10; i++) { // across several rebuilds of each pooled validator
            assertThat(rebuiltOften.validate(valid)).noneMatch(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR);
            assertThat(rebuiltOften.validate(noStatus)).anyMatch(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
                    && m.getMessage().contains("status"));
        }
    }
}
