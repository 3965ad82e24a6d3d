package org.imnm.fhir.store;

import java.time.Instant;

/** The current state of a logical resource, without its body. */
public record CurrentRow(long pid, long version, boolean deleted, Instant lastUpdated) {}
