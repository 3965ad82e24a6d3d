package org.imnm.fhir.resource;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * A page of results already fetched from the database: HAPI asks for "resources from..to" of a result
 * set, and the answer is always the whole page. Subclasses say how the next page is linked.
 */
abstract class FetchedPage implements IBundleProvider {

    private final List<IBaseResource> resources;
    private final int pageSize;
    private final InstantType published = InstantType.now();

    FetchedPage(List<IBaseResource> resources, int pageSize) {
        this.resources = resources;
        this.pageSize = pageSize;
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
    public Integer preferredPageSize() {
        return pageSize;
    }

    int resourceCount() {
        return resources.size();
    }
}
