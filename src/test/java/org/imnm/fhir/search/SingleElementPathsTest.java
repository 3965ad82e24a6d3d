package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SingleElementPathsTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        // one 0..1 element, with or without its type cast (the R4 date parameters' forms)
        "Observation; Observation.effective; true",
        "Patient; Patient.birthDate; true",
        "Patient; (Patient.deceased as dateTime); true",
        "Condition; Condition.onset.as(dateTime) | Condition.onset.as(Period); true",
        "ResearchStudy; ResearchStudy.period; true",
        // a 0..* step anywhere, or two different elements: possibly several values
        "Observation; Observation.component.value; false",
        "Patient; Patient.name.family; false",
        "Condition; Condition.onset.as(dateTime) | Condition.recordedDate; false",
        // beyond the simple grammar, or another type's path: never claimed single
        "Observation; Observation.effective.where(true); false",
        "Observation; Condition.onset; false",
        "Observation; Observation.noSuchElement; false",
    })
    void singleWhenEveryPathNamesTheSameZeroOrOneElement(String type, String paths, boolean single) {
        List<String> split = List.of(paths.split("\\|"));
        assertThat(SingleElementPaths.isSingle(CTX.getResourceDefinition(type), split)).isEqualTo(single);
    }
}
