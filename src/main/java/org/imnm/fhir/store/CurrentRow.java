package org.imnm.fhir.store;

/** The current state of a logical resource, without its body. */
public record CurrentRow(long pid, long version, boolean deleted) {}
