package org.imnm.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Counts and times every FHIR request by interaction, resource type and status (Micrometer timer
 * {@code fhir.requests}), and writes one log line per request. The log holds no URL, query, id or body,
 * so no patient data reaches it.
 */
@Component
@Interceptor
class RequestMetricsInterceptor {

    private static final Logger log = LoggerFactory.getLogger("imnm.fhir.requests");

    private final MeterRegistry registry;

    RequestMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed(ServletRequestDetails request) {
        String interaction = request.getRestOperationType() == null ? "unknown"
                : request.getRestOperationType().getCode();
        String type = request.getResourceName() == null ? "system" : request.getResourceName();
        int status = request.getServletResponse() == null ? 0 : request.getServletResponse().getStatus();
        long millis = request.getRequestStopwatch().getMillis();
        Timer.builder("fhir.requests")
                .description("FHIR REST requests")
                .tag("interaction", interaction)
                .tag("type", type)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(millis, TimeUnit.MILLISECONDS);
        if (log.isInfoEnabled()) {
            log.info("{} {} {} -> {} in {} ms", request.getRequestType(), interaction, type, status, millis);
        }
    }
}
