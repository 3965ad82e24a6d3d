package org.imnm.fhir.resource;

import java.time.Instant;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * What a write did: the versioned id it produced, the resource as stored (null for a delete), whether a
 * new resource was created, and a message for interactions that changed nothing.
 */
public record WriteOutcome(IdType id, IBaseResource resource, boolean created, Instant lastUpdated, String message) {

    public boolean changedNothing() {
        return message != null;
    }
}
