package org.imnm.fhir.resource;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A page of history fetched with OFFSET/LIMIT. Telling HAPI the page's offset and whether pages exist
 * before and after makes it build exact _offset links (no guessing from the page being full).
 */
final class OffsetPageBundleProvider extends FetchedPage {

    private final int offset;
    private final int pageSize;
    private final boolean more;

    OffsetPageBundleProvider(List<IBaseResource> resources, int offset, int pageSize, boolean more) {
        super(resources, pageSize);
        this.offset = offset;
        this.pageSize = pageSize;
        this.more = more;
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

    /** Known exactly once the last page is reached; unknown before. */
    @Override
    public Integer size() {
        return more ? null : offset + resourceCount();
    }
}
