package org.imnm.fhir.store;

import java.time.Instant;

/**
 * Which versions a _history request asks for, newest first. {@code type} and {@code id} narrow the scope
 * (both null: the whole system); {@code since} and {@code at} bound last_updated.
 */
public record HistoryQuery(String type, String id, Instant since, Instant at, int offset, int limit) {}
