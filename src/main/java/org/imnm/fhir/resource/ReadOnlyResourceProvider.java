package org.imnm.fhir.resource;

import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.NotModifiedException;
import ca.uhn.fhir.util.DateUtils;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.imnm.fhir.search.SearchRequestParser;

/**
 * The read interactions for one resource type: read, vread, search and history. Types the server ships
 * and clients may not change (the profiles) get only these; {@link GenericResourceProvider} adds writes.
 */
public class ReadOnlyResourceProvider implements IResourceProvider {

    private final Class<? extends IBaseResource> resourceType;
    protected final String typeName;
    protected final ResourceService service;
    protected final ResultPages pages;
    protected final SearchRequestParser searchParser;

    public ReadOnlyResourceProvider(Class<? extends IBaseResource> resourceType, String typeName,
            ResourceService service, ResultPages pages, SearchRequestParser searchParser) {
        this.resourceType = resourceType;
        this.typeName = typeName;
        this.service = service;
        this.pages = pages;
        this.searchParser = searchParser;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return resourceType;
    }

    @Read(version = true)
    public IBaseResource read(@IdParam IdType id, RequestDetails request) {
        IBaseResource resource = service.readForResponse(typeName, id.getIdPart(),
                id.hasVersionIdPart() ? id.getVersionIdPart() : null);
        throwIfNotModifiedSince(resource, request.getHeader(Constants.HEADER_IF_MODIFIED_SINCE));
        return resource;
    }

    @History
    public IBundleProvider instanceHistory(@IdParam IdType id, @Since Date since, @At DateRangeParam at,
            @Offset Integer offset, @Count Integer count) {
        service.requireExists(typeName, id.getIdPart()); // a deleted resource still has its history
        return pages.history(typeName, id.getIdPart(), instant(since), upperBound(at), offset, count);
    }

    @History
    public IBundleProvider typeHistory(@Since Date since, @At DateRangeParam at, @Offset Integer offset,
            @Count Integer count) {
        return pages.history(typeName, null, instant(since), upperBound(at), offset, count);
    }

    /**
     * Search. Every parameter is parsed from the request by {@link SearchRequestParser}, the same code that
     * reads conditional URLs, and the CapabilityStatement lists them from the same registry.
     */
    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        return pages.search(SelfLinkOfPerformedSearch.remember(request,
                searchParser.parse(typeName, request.getParameters(), isStrict(request), request.getFhirServerBase())));
    }

    static boolean isStrict(RequestDetails request) {
        String prefer = request.getHeader(Constants.HEADER_PREFER);
        return prefer != null && prefer.replace(" ", "").contains("handling=strict");
    }

    /** HTTP dates have whole seconds, so compare at that precision (HAPI's own check compares millis). */
    private static void throwIfNotModifiedSince(IBaseResource resource, String header) {
        if (header == null || resource.getMeta().getLastUpdated() == null) return;
        Date since = DateUtils.parseDate(header);
        if (since == null) return;
        Instant lastModified = resource.getMeta().getLastUpdated().toInstant().truncatedTo(ChronoUnit.SECONDS);
        if (!lastModified.isAfter(since.toInstant())) throw new NotModifiedException("Not Modified");
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static Instant upperBound(DateRangeParam at) {
        return at == null || at.getUpperBoundAsInstant() == null ? null : at.getUpperBoundAsInstant().toInstant();
    }
}
