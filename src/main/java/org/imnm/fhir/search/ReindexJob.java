package org.imnm.fhir.search;

import java.time.Instant;

/** A re-indexing job's progress: pids up to {@code lastPid} of {@code maxPid} are done. */
public record ReindexJob(long id, String reason, String status, long lastPid, long maxPid, long processed,
        Instant created, Instant updated) {}
