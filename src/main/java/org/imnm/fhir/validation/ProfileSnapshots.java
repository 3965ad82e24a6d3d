package org.imnm.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.springframework.stereotype.Component;

/**
 * Generates the snapshots of profiles written as differentials, with HAPI's snapshot generator. The
 * profiles of one set may build on each other (a Condition profile using an extension profile), so each
 * is generated with the whole set visible.
 */
@Component
public class ProfileSnapshots {

    private final FhirContext fhirContext;

    public ProfileSnapshots(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** Copies of the profiles, each with its snapshot; the given ones are left as they are. */
    public List<StructureDefinition> withSnapshots(List<StructureDefinition> differentials) {
        PrePopulatedValidationSupport set = new PrePopulatedValidationSupport(fhirContext);
        differentials.forEach(set::addStructureDefinition);
        var support = new StoredFirstSupport(fhirContext, fhirContext.getValidationSupport(), set);
        var generator = new SnapshotGeneratingValidationSupport(fhirContext);
        List<StructureDefinition> out = new ArrayList<>();
        for (StructureDefinition sd : differentials) {
            StructureDefinition copy = sd.copy();
            copy.setSnapshot(null);
            var generated = (StructureDefinition) generator.generateSnapshot(new ValidationSupportContext(support), copy,
                    sd.getUrl(), sd.getUrl(), sd.getName());
            if (generated == null || !generated.hasSnapshot() || generated.getSnapshot().getElement().isEmpty()) {
                throw new IllegalStateException("No snapshot could be generated for profile " + sd.getUrl());
            }
            set.addStructureDefinition(generated);
            out.add(generated);
        }
        return out;
    }
}
