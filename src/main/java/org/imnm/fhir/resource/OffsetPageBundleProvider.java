package org.imnm.fhir.resource;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of history fetched with OFFSET/LIMIT. Telling HAPI the page's offset and whether pages exist
 * before and after makes it build exact _offset links (no guessing from the page being full).
 */
final class OffsetPageBundleProvider implements IBundleProvider {

    private final List<IBaseResource> resources;
    private final int offset;
    private final int pageSize;
    private final boolean more;
    private final InstantType published = InstantType.now();

    OffsetPageBundleProvider(List<IBaseResource> resources, int offset, int pageSize, boolean more) {
        this.resources = resources;
        this.offset = offset;
        this.pageSize = pageSize;
        this.more = more;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        return resources;
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer getCurrentPageOffset() {
        return offset;
    }

    @Override
    public Integer getCurrentPageSize() {
        return pageSize;
    }

    @Override
    public String getNextPageId() {
        return more ? "next" : null;
    }

    @Override
    public String getPreviousPageId() {
        return offset > 0 ? "previous" : null;
    }

    @Override
    public Integer preferredPageSize() {
        return pageSize;
    }

    /** Known exactly once the last page is reached; unknown before. */
    @Override
    public Integer size() {
        return more ? null : offset + resources.size();
    }
}
