package org.imnm.fhir.resource;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of results, already fetched. Its id ({@link #getUuid()}) encodes the query itself and its page
 * ids are keyset cursors, so HAPI's paging links carry everything needed to fetch the next page: no
 * server-side state, any instance can answer.
 */
final class PageBundleProvider implements IBundleProvider {

    private final String searchId;
    private final String currentPageId;
    private final String nextPageId;
    private final List<IBaseResource> resources;
    private final Integer total;
    private final int pageSize;
    private final InstantType published = InstantType.now();

    PageBundleProvider(String searchId, String currentPageId, String nextPageId, List<IBaseResource> resources,
            Integer total, int pageSize) {
        this.searchId = searchId;
        this.currentPageId = currentPageId;
        this.nextPageId = nextPageId;
        this.resources = resources;
        this.total = total;
        this.pageSize = pageSize;
    }

    @Override
    public IPrimitiveType<java.util.Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        return resources;
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
    public Integer preferredPageSize() {
        return pageSize;
    }

    @Override
    public Integer size() {
        return total;
    }
}
