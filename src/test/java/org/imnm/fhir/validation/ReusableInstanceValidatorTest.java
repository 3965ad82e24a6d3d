package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.imnm.fhir.search.UcumUnits;
import org.junit.jupiter.api.Test;

class ReusableInstanceValidatorTest {

    @Test
    void aPooledValidatorKeepsNoCodingsFromTheResourcesItValidated() {
        FhirContext ctx = FhirContext.forR4Cached();
        UcumUnits ucum = new UcumUnits();
        ReusableInstanceValidator validator = new ReusableInstanceValidator(
                ValidationSupports.baseR4(ctx), ucum::service);
        String observation = """
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"http://loinc.org","code":"2157-6"}]},
                 "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"H"}]}],
                 "valueQuantity":{"value":12000,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"}}""";
        for (int i = 0; i < 5; i++) {
            assertThat(validator.validate(observation))
                    .noneMatch(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR);
        }
        // Before the fix each run added the codings it checked (with their element trees) to this count.
        assertThat(validator.retainedCodings()).isZero();
    }
}
