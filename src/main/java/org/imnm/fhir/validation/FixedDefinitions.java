package org.imnm.fhir.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hl7.fhir.r5.model.Resource;

/**
 * The specification's own definitions as the validator's context hands them out, kept once fetched. The
 * validator asks for the same type definitions and value sets for every element it checks; each answer went
 * through HAPI's adapter, our stored-first lookup and HAPI's support chain with its cache keys (about a
 * tenth of validation time when profiled). Only answers that can never change are kept: urls the base R4
 * definitions hold. Anything stored in the database is asked for every time, so a write through any
 * instance counts at once.
 */
final class FixedDefinitions {

    private record Key(Class<?> type, String url) {}

    private final IValidationSupport support;
    private final Map<Key, Resource> kept = new ConcurrentHashMap<>();

    FixedDefinitions(IValidationSupport support) {
        this.support = support;
    }

    <T extends Resource> T fetch(Class<T> type, String url, Supplier<T> lookup) {
        if (url == null || !url.startsWith(StoredFirstSupport.CORE)) return lookup.get();
        Key key = new Key(type, url);
        Resource known = kept.get(key);
        if (known != null) return type.cast(known);
        T found = lookup.get();
        if (found != null && isFixed(type, url)) kept.put(key, found);
        return found;
    }

    private boolean isFixed(Class<?> type, String url) {
        // Without the stored-first wrapper (the base definitions alone) every answer is fixed.
        return !(support instanceof StoredFirstSupport storedFirst)
                || storedFirst.answersFromBase(type.getSimpleName(), url);
    }
}
