package org.imnm.fhir.resource;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A search page linked by keyset cursor. Its id ({@link #getUuid()}) encodes the query itself and its page
 * ids are cursors, so HAPI's paging links carry everything needed to fetch the next or previous page: no server-side
 * state, any instance can answer.
 */
final class PageBundleProvider extends FetchedPage {

    private final String searchId;
    private final String currentPageId;
    private final String nextPageId;
    private final String previousPageId;
    private final Integer total;

    PageBundleProvider(String searchId, String currentPageId, String nextPageId, String previousPageId,
            List<IBaseResource> resources, Integer total, int pageSize) {
        super(resources, pageSize);
        this.searchId = searchId;
        this.currentPageId = currentPageId;
        this.nextPageId = nextPageId;
        this.previousPageId = previousPageId;
        this.total = total;
    }

    @Override
    public String getUuid() {
        return searchId;
    }

    @Override
    public String getCurrentPageId() {
        return currentPageId;
    }

    @Override
    public String getNextPageId() {
        return nextPageId;
    }

    @Override
    public String getPreviousPageId() {
        return previousPageId;
    }

    @Override
    public Integer size() {
        return total;
    }
}
