package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.junit.jupiter.api.Test;

class WriteDefinitionsTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();

    private final WriteDefinitions writeDefinitions = new WriteDefinitions();

    @Test
    void aResourceDefinitionLosesOnlyItsBestPracticeInvariants() {
        StructureDefinition observation = base("Observation");
        assertThat(keys(observation)).contains("dom-6", "dom-2", "obs-6", "obs-7");

        StructureDefinition forWrites = writeDefinitions.of(observation);

        assertThat(forWrites).isNotSameAs(observation);
        assertThat(keys(forWrites)).doesNotContain("dom-6").contains("dom-2", "obs-6", "obs-7", "ele-1");
        assertThat(forWrites.getSnapshot().getElement()).hasSameSizeAs(observation.getSnapshot().getElement());
        // the published definition, which $validate uses, is untouched
        assertThat(keys(observation)).contains("dom-6");
        assertThat(writeDefinitions.of(observation)).isSameAs(forWrites);
    }

    @Test
    void aDefinitionWithoutBestPracticeInvariantsIsUsedAsItIs() {
        StructureDefinition codeableConcept = base("CodeableConcept");
        assertThat(writeDefinitions.of(codeableConcept)).isSameAs(codeableConcept);
    }

    private static StructureDefinition base(String type) {
        var r4 = (org.hl7.fhir.r4.model.StructureDefinition) ValidationSupports.baseR4(CTX)
                .fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/" + type);
        return (StructureDefinition) VersionConvertorFactory_40_50.convertResource(r4);
    }

    private static List<String> keys(StructureDefinition definition) {
        return definition.getSnapshot().getElement().stream()
                .flatMap(e -> e.getConstraint().stream())
                .map(ElementDefinition.ElementDefinitionConstraintComponent::getKey)
                .toList();
    }
}
