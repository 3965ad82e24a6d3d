package org.imnm.fhir.terminology;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers canonical resolutions and concept lookups between requests. Validating one Observation asks
 * for a dozen canonical urls (every binding's value set, every coding's system); without this each was a
 * query and ingest ran 16 times slower. Entries are dropped as soon as this instance commits a terminology
 * write, and when any instance has (checked at most every {@code imnm.terminology.cache-check-ms}, by the
 * count and latest update of the canonical rows). Inside a transaction nothing is cached: it may see rows
 * that are rolled back.
 */
@Component
class TerminologyCache {

    private static final int MAX_ENTRIES = 50_000;

    private final JdbcTemplate jdbc;
    private final long checkMillis;
    private final Map<Object, Optional<?>> entries = new ConcurrentHashMap<>();
    private volatile long checkedAt;
    private volatile String stamp = "";

    TerminologyCache(JdbcTemplate jdbc, @Value("${imnm.terminology.cache-check-ms:1000}") long checkMillis) {
        this.jdbc = jdbc;
        this.checkMillis = checkMillis;
    }

    @SuppressWarnings("unchecked")
    <T> Optional<T> get(Object key, Supplier<Optional<T>> loader) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) return loader.get();
        refreshIfStale();
        Optional<?> cached = entries.get(key);
        if (cached != null) return (Optional<T>) cached;
        Optional<T> loaded = loader.get();
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(key, loaded);
        return loaded;
    }

    /** After this instance committed a terminology write. */
    void invalidate() {
        entries.clear();
        checkedAt = 0;
    }

    private void refreshIfStale() {
        long now = System.currentTimeMillis();
        if (now - checkedAt < checkMillis) return;
        String current = jdbc.queryForObject(
                "select count(*) || ':' || coalesce(max(last_updated)::text, '') from term_canonical", String.class);
        if (!current.equals(stamp)) {
            entries.clear();
            stamp = current;
        }
        checkedAt = now;
    }
}
