package org.imnm.fhir.store;

import java.time.Instant;

/** One version of a resource as stored: {@code body} is null when the version is a delete. */
public record StoredVersion(
        long pid, String type, String id, long version, Instant lastUpdated, String method, String body) {

    public boolean isDeleted() {
        return body == null;
    }
}
