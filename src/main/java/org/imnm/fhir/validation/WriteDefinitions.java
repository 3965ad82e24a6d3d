package org.imnm.fhir.validation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;

/**
 * Resource definitions as a write is checked against them: without their best-practice invariants. A write
 * keeps only errors, but FHIR core evaluates a best-practice invariant even when it reports none. The costly
 * one is dom-6 ("a resource should have narrative"), on every resource: core rewrites it to
 * {@code (%rootResource != $this) or text.div.exists()}, which compares the whole resource with itself,
 * element by element. Writes validated against these copies took about 8% less CPU (ValidationBenchmark).
 * {@code $validate} uses the definitions as published and still reports them.
 *
 * <p>In R4 only resource definitions carry best-practice invariants, so only the definition a resource is
 * parsed against (its type's) needs a copy. Copies are kept per original (identity, weakly), so a definition
 * that is replaced gets a new copy.
 */
final class WriteDefinitions {

    static final String BEST_PRACTICE = "http://hl7.org/fhir/StructureDefinition/elementdefinition-bestpractice";

    private final Map<StructureDefinition, StructureDefinition> copies =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** {@code definition} itself when it has no best-practice invariant, else its copy without them. */
    StructureDefinition of(StructureDefinition definition) {
        if (!hasBestPractice(definition)) return definition;
        return copies.computeIfAbsent(definition, WriteDefinitions::withoutBestPractice);
    }

    private static boolean hasBestPractice(StructureDefinition definition) {
        for (ElementDefinition element : definition.getSnapshot().getElement()) {
            for (var constraint : element.getConstraint()) {
                if (isBestPractice(constraint)) return true;
            }
        }
        return false;
    }

    private static StructureDefinition withoutBestPractice(StructureDefinition definition) {
        StructureDefinition copy = definition.copy();
        for (ElementDefinition element : copy.getSnapshot().getElement()) {
            element.getConstraint().removeIf(WriteDefinitions::isBestPractice);
        }
        return copy;
    }

    private static boolean isBestPractice(ElementDefinition.ElementDefinitionConstraintComponent constraint) {
        var flag = constraint.getExtensionByUrl(BEST_PRACTICE);
        return flag != null && flag.getValue() instanceof org.hl7.fhir.r5.model.BooleanType b && b.booleanValue();
    }
}
