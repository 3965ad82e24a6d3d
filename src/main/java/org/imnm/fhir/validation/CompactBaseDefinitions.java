package org.imnm.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.BaseValidationSupportWrapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;

/**
 * HAPI's base R4 definitions with each distinct text held once. The specification's snapshots repeat the
 * same documentation in every definition (the paragraphs on {@code id}, {@code extension} and
 * {@code modifierExtension} recur in every element of every resource), and HAPI's parser keeps a String
 * per occurrence: about 300,000 strings with about 100,000 distinct values. The validator's R5 copies
 * share the R4 copies' strings, so both shrink: the definitions took about 25 MB less of the live heap
 * (measured by loading and converting them with and without this). The values are unchanged; only equal
 * strings become one instance.
 *
 * <p>HAPI loads these definitions once per JVM and hands the same objects to every
 * {@link DefaultProfileValidationSupport}; this makes their strings shared in place, once per instance of
 * it, when the definitions are first asked for through it. In the server that is the validator's warm-up,
 * off the start-up path, before the validator converts them. A reader meanwhile sees an equal value.
 */
final class CompactBaseDefinitions extends BaseValidationSupportWrapper {

    private final DefaultProfileValidationSupport definitions;
    private volatile boolean compacted;

    CompactBaseDefinitions(FhirContext ctx) {
        this(ctx, new DefaultProfileValidationSupport(ctx));
    }

    private CompactBaseDefinitions(FhirContext ctx, DefaultProfileValidationSupport definitions) {
        super(ctx, definitions);
        this.definitions = definitions;
    }

    @Override
    public List<IBaseResource> fetchAllConformanceResources() {
        compactOnce();
        return super.fetchAllConformanceResources();
    }

    @Override
    public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
        compactOnce();
        return super.fetchAllStructureDefinitions();
    }

    @Override
    public <T extends IBaseResource> List<T> fetchAllNonBaseStructureDefinitions() {
        compactOnce();
        return super.fetchAllNonBaseStructureDefinitions();
    }

    @Override
    public IBaseResource fetchStructureDefinition(String url) {
        compactOnce();
        return super.fetchStructureDefinition(url);
    }

    @Override
    public IBaseResource fetchValueSet(String url) {
        compactOnce();
        return super.fetchValueSet(url);
    }

    @Override
    public IBaseResource fetchCodeSystem(String system) {
        compactOnce();
        return super.fetchCodeSystem(system);
    }

    @Override
    public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
        compactOnce();
        return super.fetchResource(type, url);
    }

    private void compactOnce() {
        if (compacted) return;
        synchronized (this) {
            if (compacted) return;
            // Loads all three collections: the structure definitions, then the value sets with the code systems.
            definitions.fetchAllStructureDefinitions();
            definitions.fetchValueSet("http://hl7.org/fhir/ValueSet/administrative-gender");
            Map<String, String> distinct = new HashMap<>();
            for (IBaseResource resource : definitions.fetchAllConformanceResources()) {
                shareStrings((Base) resource, distinct);
            }
            compacted = true;
        }
    }

    /** Makes every string value in {@code element}'s tree the instance in {@code distinct} equal to it. */
    @SuppressWarnings("unchecked")
    static void shareStrings(Base element, Map<String, String> distinct) {
        // An id's value is split into parts when set, which would make new strings again.
        if (element instanceof PrimitiveType<?> primitive && !(primitive instanceof IdType)
                && primitive.getValue() instanceof String value) {
            String shared = distinct.putIfAbsent(value, value);
            if (shared != null && shared != value) ((PrimitiveType<String>) primitive).setValue(shared);
        }
        for (Property property : element.children()) {
            for (Base child : property.getValues()) shareStrings(child, distinct);
        }
    }
}
