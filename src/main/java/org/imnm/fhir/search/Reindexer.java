package org.imnm.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imnm.fhir.store.ResourceStore;
import org.imnm.fhir.store.StoredVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the search index of every stored resource, in batches, as a job whose state is in Postgres:
 * each batch claims the job row (FOR UPDATE SKIP LOCKED), re-indexes the next pids and records how far it
 * got, all in one transaction. Any instance's scheduler continues any job, and a restart resumes it.
 */
@Component
public class Reindexer {

    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(Reindexer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ResourceStore store;
    private final SearchIndexWriter indexWriter;
    private final SearchParameterRegistry registry;
    private final FhirContext fhirContext;

    Reindexer(JdbcTemplate jdbc, TransactionTemplate tx, ResourceStore store, SearchIndexWriter indexWriter,
            SearchParameterRegistry registry, FhirContext fhirContext) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.store = store;
        this.indexWriter = indexWriter;
        this.registry = registry;
        this.fhirContext = fhirContext;
    }

    /** Queues a job over every resource stored now; returns it. */
    public ReindexJob start(String reason) {
        Long id = jdbc.queryForObject("insert into reindex_job (reason, status, max_pid)"
                + " select ?, 'running', coalesce(max(pid), 0) from resource returning id", Long.class, reason);
        return find(id).orElseThrow();
    }

    public Optional<ReindexJob> find(long id) {
        return jdbc.query("select id, reason, status, last_pid, max_pid, processed, created, updated"
                + " from reindex_job where id = ?", (rs, n) -> new ReindexJob(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getTimestamp(7).toInstant(),
                rs.getTimestamp(8).toInstant()), id).stream().findFirst();
    }

    /** Runs batches of any unfinished job until none is left (called by the scheduler; safe on every instance). */
    @Scheduled(fixedDelayString = "${imnm.fhir.reindex-poll-ms:2000}")
    public void work() {
        while (Boolean.TRUE.equals(tx.execute(s -> runOneBatch()))) {
            // continue with the next batch
        }
    }

    /** One batch of one claimable job; false when there was nothing to do. */
    private boolean runOneBatch() {
        List<long[]> claimed = jdbc.query("select id, last_pid, max_pid from reindex_job where status = 'running'"
                + " order by id limit 1 for update skip locked", (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3)});
        if (claimed.isEmpty()) return false;
        long id = claimed.get(0)[0], lastPid = claimed.get(0)[1], maxPid = claimed.get(0)[2];
        // Locked as writers lock them (before any index row), so a write waits for the batch or the batch for
        // the write: no deadlock over index rows, and no index rows from a version a writer just replaced.
        List<Long> pids = jdbc.queryForList("select pid from resource where pid > ? and pid <= ? and not deleted"
                + " order by pid limit ? for update", Long.class, lastPid, maxPid, BATCH);
        if (pids.isEmpty()) {
            jdbc.update("update reindex_job set status = 'done', last_pid = max_pid, updated = now() where id = ?", id);
            log.info("Reindex job {} done", id);
            return true;
        }
        Map<Long, StoredVersion> rows = store.readCurrentByPids(pids);
        List<IBaseResource> resources = new ArrayList<>();
        for (Long pid : pids) {
            StoredVersion v = rows.get(pid);
            resources.add(v == null || v.isDeleted() ? null : fhirContext.newJsonParser().parseResource(v.body()));
        }
        indexWriter.replace(pids, resources);
        jdbc.update("update reindex_job set last_pid = ?, processed = processed + ?, updated = now() where id = ?",
                pids.get(pids.size() - 1), pids.size(), id);
        return true;
    }

    /**
     * At start-up: if the search parameters differ from those the index was built with (a release added
     * one, or changed an expression), queue a job. One instance records the new fingerprint; the others
     * see it already recorded.
     */
    public Optional<ReindexJob> reindexIfDefinitionsChanged(java.util.Collection<String> types) {
        String fingerprint = fingerprint(types);
        return tx.execute(s -> {
            store.lockKey("index_definition");
            List<String> stored = jdbc.queryForList("select fingerprint from index_definition where id = 1", String.class);
            if (!stored.isEmpty() && stored.get(0).equals(fingerprint)) return Optional.<ReindexJob>empty();
            jdbc.update("insert into index_definition (id, fingerprint) values (1, ?)"
                    + " on conflict (id) do update set fingerprint = excluded.fingerprint", fingerprint);
            boolean hasData = !jdbc.queryForList("select 1 from resource limit 1", Integer.class).isEmpty();
            return hasData ? Optional.of(start("search parameter definitions changed")) : Optional.<ReindexJob>empty();
        });
    }

    private String fingerprint(java.util.Collection<String> types) {
        // The version of what extraction writes besides the expressions (2: token text and identifier type;
        // 3: a Timing is one range, its outer limits; 4: an indexed text keeps its first 1,000 bytes).
        StringBuilder b = new StringBuilder("extraction 4\n");
        for (String type : types) {
            registry.indexedParameters(type).values().forEach(p ->
                    b.append(type).append('.').append(p.name()).append('=').append(p.expression()).append('\n'));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
