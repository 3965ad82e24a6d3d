package org.imnm.fhir.search;

/** The _total parameter: whether the search Bundle carries a total. */
public enum TotalMode {
    NONE, ESTIMATE, ACCURATE
}
