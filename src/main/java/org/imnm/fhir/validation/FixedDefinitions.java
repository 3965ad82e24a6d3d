package org.imnm.fhir.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;

/**
 * The specification's own definitions as the validator's context hands them out, kept once fetched. The
 * validator asks for the same type definitions and value sets for every element it checks; each answer went
 * through HAPI's adapter, our stored-first lookup and HAPI's support chain with its cache keys (about a
 * tenth of validation time when profiled). Only answers that can never change are kept: urls the base R4
 * definitions hold. Anything stored in the database is asked for every time, so a write through any
 * instance counts at once.
 *
 * <p>The lookups allocate nothing: a key object per call, and the url HAPI's adapter concatenates for every
 * type definition asked for by name, were about 12% of the bytes a load allocated (JFR).
 */
final class FixedDefinitions {

    private static final String TYPE_URL = StoredFirstSupport.CORE + "StructureDefinition/";

    private final IValidationSupport support;
    /** By resource class, then url. */
    private final ClassValue<Map<String, Resource>> kept = new ClassValue<>() {
        @Override
        protected Map<String, Resource> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    /** Type definitions by the type's name ("Observation", "dateTime"). */
    private final Map<String, StructureDefinition> types = new ConcurrentHashMap<>();

    FixedDefinitions(IValidationSupport support) {
        this.support = support;
    }

    <T extends Resource> T fetch(Class<T> type, String url, Supplier<T> lookup) {
        if (url == null || !url.startsWith(StoredFirstSupport.CORE)) return lookup.get();
        Map<String, Resource> ofType = kept.get(type);
        Resource known = ofType.get(url);
        if (known != null) return type.cast(known);
        T found = lookup.get();
        if (found != null && isFixed(type, url)) ofType.put(url, found);
        return found;
    }

    /** The definition of the type named {@code typeName}, which {@code lookup} finds at its specification url. */
    StructureDefinition typeDefinition(String typeName, Supplier<StructureDefinition> lookup) {
        if (typeName == null) return lookup.get();
        StructureDefinition known = types.get(typeName);
        if (known != null) return known;
        StructureDefinition found = lookup.get();
        if (found != null && isFixed(StructureDefinition.class, TYPE_URL + typeName)) types.put(typeName, found);
        return found;
    }

    private boolean isFixed(Class<?> type, String url) {
        // Without the stored-first wrapper (the base definitions alone) every answer is fixed.
        return !(support instanceof StoredFirstSupport storedFirst)
                || storedFirst.answersFromBase(type.getSimpleName(), url);
    }
}
