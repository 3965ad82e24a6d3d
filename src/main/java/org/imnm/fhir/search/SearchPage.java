package org.imnm.fhir.search;

import java.util.List;
import org.imnm.fhir.store.StoredVersion;

/**
 * One page of matches in keyset order, plus what its _include/_revinclude brought in. {@code nextCursor}
 * starts the following page (null on the last page), {@code previousCursor} the one before (null on the
 * first); {@code total} is set only when the request asked for it.
 */
public record SearchPage(List<StoredVersion> matches, List<StoredVersion> included, String nextCursor,
        String previousCursor, Integer total) {}
