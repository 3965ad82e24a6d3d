package org.imnm.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.imnm.fhir.bundle.SystemProvider;
import org.imnm.fhir.resource.ResultPages;
import org.imnm.fhir.resource.SelfLinkOfPerformedSearch;
import org.imnm.fhir.resource.StoredJsonResponses;
import org.imnm.fhir.search.ReindexProvider;
import org.springframework.stereotype.Component;

/** HAPI's plain RestfulServer with our providers and interceptors. */
@Component
class FhirRestfulServer extends RestfulServer {

    private final transient List<IResourceProvider> resourceProviders;
    private final transient SystemProvider systemProvider;
    private final transient ReindexProvider reindexProvider;
    private final transient ResultPages pages;
    private final transient List<Object> interceptors;

    FhirRestfulServer(FhirContext ctx, List<IResourceProvider> resourceProviders, SystemProvider systemProvider,
            ReindexProvider reindexProvider, ResultPages pages, ErrorOutcomeInterceptor errors, RequestMetricsInterceptor metrics,
            CapabilityStatementCustomizer capabilities, ReadOnlyTypesInterceptor readOnly,
            SelfLinkOfPerformedSearch selfLinks, SummaryModeCheck summaryModes, StoredJsonResponses storedJson) {
        super(ctx);
        this.resourceProviders = resourceProviders;
        this.systemProvider = systemProvider;
        this.reindexProvider = reindexProvider;
        this.pages = pages;
        this.interceptors = List.of(errors, metrics, capabilities, readOnly, summaryModes, selfLinks, storedJson,
                new OpenApiInterceptor());
    }

    @Override
    protected void initialize() {
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setResourceProviders(resourceProviders);
        registerProvider(systemProvider);
        registerProvider(reindexProvider);
        setPagingProvider(pages);
        interceptors.forEach(this::registerInterceptor);
    }
}
