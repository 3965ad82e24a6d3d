package org.imnm.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
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
    private final transient List<RequestCheck> checks;

    FhirRestfulServer(FhirContext ctx, List<IResourceProvider> resourceProviders, SystemProvider systemProvider,
            ReindexProvider reindexProvider, ResultPages pages, ErrorOutcomeInterceptor errors, RequestMetricsInterceptor metrics,
            CapabilityStatementCustomizer capabilities, SelfLinkOfPerformedSearch selfLinks,
            StoredJsonResponses storedJson, List<RequestCheck> checks) {
        super(ctx);
        this.resourceProviders = resourceProviders;
        this.systemProvider = systemProvider;
        this.reindexProvider = reindexProvider;
        this.pages = pages;
        this.interceptors = List.of(errors, metrics, capabilities, selfLinks, storedJson, new OpenApiInterceptor());
        this.checks = checks;
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

    /** HAPI calls this inside its error handling, so a check's exception becomes an OperationOutcome. */
    @Override
    public BaseMethodBinding determineResourceMethod(RequestDetails request, String requestPath) {
        checks.forEach(c -> c.check(request));
        return super.determineResourceMethod(request, requestPath);
    }
}
