package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

class CompactBaseDefinitionsTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();

    @Test
    void sharingTheStringsKeepsEveryDefinitionsContent() {
        // A parse of its own: HAPI's loaded definitions are one set per JVM, perhaps compacted already.
        Bundle published = parse("/org/hl7/fhir/r4/model/profile/profiles-resources.xml");
        Bundle compacted = published.copy();
        assertThat(extensionDefinition(published, "Patient")).isEqualTo(extensionDefinition(published, "Observation"))
                .isNotSameAs(extensionDefinition(published, "Observation"));

        CompactBaseDefinitions.shareStrings(compacted, new HashMap<>());

        assertThat(extensionDefinition(compacted, "Patient")).isSameAs(extensionDefinition(compacted, "Observation"));
        assertThat(compacted.getEntry()).hasSameSizeAs(published.getEntry()).hasSizeGreaterThan(100);
        for (int i = 0; i < published.getEntry().size(); i++) {
            Resource before = published.getEntry().get(i).getResource();
            assertThat(before.equalsDeep(compacted.getEntry().get(i).getResource())).as(before.getId()).isTrue();
        }
    }

    @Test
    void theDefinitionsServedHoldOneStringPerDistinctValue() {
        IValidationSupport definitions = new CompactBaseDefinitions(CTX);
        Set<String> instances = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> values = new HashSet<>();
        for (IBaseResource definition : definitions.fetchAllStructureDefinitions()) {
            collectStrings((Base) definition, instances, values);
        }
        definitions.fetchValueSet("http://hl7.org/fhir/ValueSet/observation-status");
        collectStrings((Base) definitions.fetchCodeSystem("http://hl7.org/fhir/observation-status"), instances, values);

        assertThat(values).hasSizeGreaterThan(10_000);
        assertThat(instances).hasSameSizeAs(values);
    }

    private static Bundle parse(String classpathResource) {
        try (var in = CompactBaseDefinitionsTest.class.getResourceAsStream(classpathResource)) {
            return CTX.newXmlParser().parseResource(Bundle.class, in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the definition of {@code type}'s {@code extension} element says. */
    private static String extensionDefinition(Bundle definitions, String type) {
        return definitions.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof StructureDefinition sd && sd.getType().equals(type)
                        && sd.getDerivation() == StructureDefinition.TypeDerivationRule.SPECIALIZATION)
                .map(StructureDefinition.class::cast)
                .flatMap(sd -> sd.getSnapshot().getElement().stream())
                .filter(e -> e.getPath().equals(type + ".extension"))
                .map(ElementDefinition::getDefinition)
                .findFirst().orElseThrow();
    }

    private static void collectStrings(Base element, Set<String> instances, Set<String> values) {
        if (element instanceof PrimitiveType<?> primitive && !(primitive instanceof IdType)
                && primitive.getValue() instanceof String value) {
            instances.add(value);
            values.add(value);
        }
        for (Property property : element.children()) {
            for (Base child : property.getValues()) collectStrings(child, instances, values);
        }
    }
}
