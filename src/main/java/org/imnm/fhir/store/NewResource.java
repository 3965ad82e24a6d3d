package org.imnm.fhir.store;

import java.time.Instant;

/** A resource created by a batched write: its first version, already serialized. */
public record NewResource(String type, String id, Instant lastUpdated, String method, String body) {}
