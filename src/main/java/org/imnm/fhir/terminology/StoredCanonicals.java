package org.imnm.fhir.terminology;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imnm.fhir.resource.ResourceCodec;
import org.imnm.fhir.store.ResourceStore;
import org.springframework.stereotype.Component;

/**
 * Stored canonical resources (value sets, profiles) by url, parsed once per stored version: resolving the
 * url is a (cached) lookup, the JSON is not parsed again while the version stays the same. The validator
 * asks for them on every write. Callers read the resources they get and do not change them.
 */
@Component
class StoredCanonicals {

    private static final int MAX_PARSED = 1_000;

    private final ConceptStore concepts;
    private final ResourceStore store;
    private final ResourceCodec codec;
    /** Keyed by pid and last update, so a new version is a new entry. */
    private final Map<String, IBaseResource> parsed = new ConcurrentHashMap<>();

    StoredCanonicals(ConceptStore concepts, ResourceStore store, ResourceCodec codec) {
        this.concepts = concepts;
        this.store = store;
        this.codec = codec;
    }

    /** The resource a canonical ("url" or "url|version") names. */
    <T extends IBaseResource> Optional<T> find(String type, Class<T> javaType, String canonical) {
        if (canonical == null) return Optional.empty();
        int bar = canonical.indexOf('|');
        return bar < 0 ? find(type, javaType, canonical, null)
                : find(type, javaType, canonical.substring(0, bar), canonical.substring(bar + 1));
    }

    <T extends IBaseResource> Optional<T> find(String type, Class<T> javaType, String url, String version) {
        return concepts.resolve(type, url, version).map(this::read).map(javaType::cast);
    }

    private IBaseResource read(Canonical c) {
        if (parsed.size() >= MAX_PARSED) parsed.clear();
        return parsed.computeIfAbsent(c.pid() + "@" + c.lastUpdated(), k -> store.readCurrent(c.type(), c.resourceId())
                .filter(v -> !v.isDeleted()).map(codec::decode).orElse(null));
    }
}
