package org.imnm.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.imnm.fhir.resource.GenericResourceProvider;
import org.imnm.fhir.resource.PatientResourceProvider;
import org.imnm.fhir.resource.ReadOnlyResourceProvider;
import org.imnm.fhir.resource.ResourceService;
import org.imnm.fhir.resource.ResultPages;
import org.imnm.fhir.resource.ServedResourceTypes;
import org.imnm.fhir.search.SearchParameterRegistry;
import org.imnm.fhir.search.SearchRequestParser;
import org.imnm.fhir.terminology.TerminologyProviders;
import org.imnm.fhir.validation.ContentErrorHandler;
import org.imnm.fhir.validation.ValidationSupports;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Wires HAPI's RestfulServer into Spring Boot at /fhir/*. */
@Configuration(proxyBeanMethods = false)
@EnableAsync
@EnableScheduling
class FhirServerConfig {

    /**
     * Where @Async work runs: the work the server does once it is up (index check, validator warm-up,
     * shipped content, in their listeners' @Order), one task after another on one thread. Run side by side
     * they took both cores from the first requests. A bean, so that stopping the server waits for the task
     * under way (a content file is one transaction) before the database goes: cut off, it logged errors.
     */
    @Bean
    ThreadPoolTaskExecutor startupExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setThreadNamePrefix("startup-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(60);
        return executor;
    }

    @Bean
    AsyncConfigurer startupTasks(ThreadPoolTaskExecutor startupExecutor) {
        return new AsyncConfigurer() {
            @Override
            public java.util.concurrent.Executor getAsyncExecutor() {
                return startupExecutor;
            }
        };
    }

    @Bean
    FhirContext fhirContext() {
        FhirContext ctx = FhirContext.forR4();
        // Unknown elements and invalid values are rejected (422), never silently dropped.
        ctx.setParserErrorHandler(new ContentErrorHandler());
        ctx.setValidationSupport(ValidationSupports.baseR4(ctx));
        // The first CapabilityStatement asks whether Turtle can be served, which loads and starts Apache Jena
        // (about 900 classes): done here on the side while the rest starts, the first /metadata does not wait.
        Thread rdf = new Thread(ctx::isFormatRdfSupported, "rdf-warm-up");
        rdf.setDaemon(true);
        rdf.start();
        return ctx;
    }

    @Bean
    List<IResourceProvider> resourceProviders(FhirContext ctx, ResourceService service, ResultPages pages,
            SearchRequestParser parser, SearchParameterRegistry registry, TerminologyProviders terminology) {
        registry.warmUp(ServedResourceTypes.NAMES);
        return ServedResourceTypes.NAMES.stream()
                .<IResourceProvider>map(name -> {
                    var type = ctx.getResourceDefinition(name).getImplementingClass();
                    if (name.equals("Patient")) return new PatientResourceProvider(type, service, pages, parser);
                    if (ServedResourceTypes.isReadOnly(name)) {
                        return new ReadOnlyResourceProvider(type, name, service, pages, parser);
                    }
                    return terminology.providerFor(name, service, pages, parser)
                            .orElseGet(() -> new GenericResourceProvider(type, name, service, pages, parser));
                })
                .toList();
    }

    @Bean
    ServletRegistrationBean<FhirRestfulServer> fhirServlet(FhirRestfulServer server) {
        ServletRegistrationBean<FhirRestfulServer> reg = new ServletRegistrationBean<>(server, "/fhir/*");
        reg.setName("fhir");
        reg.setLoadOnStartup(1);
        return reg;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(RequestSizeLimitFilter filter) {
        FilterRegistrationBean<RequestSizeLimitFilter> reg = new FilterRegistrationBean<>(filter);
        reg.addUrlPatterns("/fhir/*");
        return reg;
    }
}
