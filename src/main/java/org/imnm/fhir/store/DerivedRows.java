package org.imnm.fhir.store;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Rows derived from a resource's current version (search index, terminology tables). Each implementation
 * runs inside the writer's transaction, so they never disagree with the stored version.
 */
public interface DerivedRows {

    /** Writes the rows of resources that have none yet. */
    void indexNew(List<Long> pids, List<? extends IBaseResource> resources);

    /** Removes a resource's rows (it was deleted, or is about to be re-indexed). */
    void remove(long pid, String resourceType);

    /** Replaces the rows of {@code pid} with those of {@code resource}. */
    default void reindex(long pid, IBaseResource resource, boolean isNew) {
        if (!isNew) remove(pid, resource.fhirType());
        indexNew(List.of(pid), List.of(resource));
    }
}
