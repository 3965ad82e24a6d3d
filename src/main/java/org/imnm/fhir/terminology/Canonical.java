package org.imnm.fhir.terminology;

import java.time.Instant;

/** A stored CodeSystem, ValueSet or ConceptMap as its canonical url and version resolve to it. */
record Canonical(long pid, String type, String resourceId, String url, String version, String content,
        Boolean caseSensitive, String name, Instant lastUpdated) {

    boolean isComplete() {
        return "complete".equals(content);
    }

    boolean isCaseSensitive() {
        return caseSensitive == null || caseSensitive;
    }
}
