package org.imnm.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import org.junit.jupiter.api.Test;
import java.sql.SQLException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;

class ErrorOutcomeInterceptorTest {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private final ErrorOutcomeInterceptor interceptor = new ErrorOutcomeInterceptor();

    @Test
    void anUnexpectedFailureBecomesA500WithOnlyAnIncidentId() {
        var wrapped = new InternalErrorException("HAPI-0389: Failed to call access method: java.lang.NullPointerException:"
                + " secret detail", new NullPointerException("secret detail"));
        BaseServerResponseException out = interceptor.toOutcome(null, wrapped);
        assertThat(out.getStatusCode()).isEqualTo(500);
        assertThat(out.getMessage()).startsWith("Internal error; incident ").doesNotContain("secret");
    }

    /**
     * A failure inside HAPI's parser is the body's fault: 400. Recognised by parsing the body again, not by
     * the failure's stack, which the JIT leaves out of a repeated NullPointerException.
     */
    @Test
    void aStacklessFailureOnABodyHapisParserCannotReadIs400() {
        NullPointerException stackless = new NullPointerException();
        stackless.setStackTrace(new StackTraceElement[0]);
        assertThat(interceptor.toOutcome(request("{\"resourceType\":\"Patient\",\"extension\":[5]}",
                "application/fhir+json"), stackless).getStatusCode()).isEqualTo(400);
        assertThat(interceptor.toOutcome(request("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/>",
                "application/fhir+xml"), stackless).getStatusCode()).isEqualTo(400);
        // the same failure with a body that reads is ours: 500
        assertThat(interceptor.toOutcome(request("{\"resourceType\":\"Patient\",\"active\":true}",
                "application/fhir+json"), stackless).getStatusCode()).isEqualTo(500);
        // and so with a body that is not FHIR at all (a form-encoded search)
        assertThat(interceptor.toOutcome(request("name=x", "application/x-www-form-urlencoded"), stackless)
                .getStatusCode()).isEqualTo(500);
    }

    private static SystemRequestDetails request(String body, String contentType) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(CONTEXT);
        request.addHeader("Content-Type", contentType);
        request.setRequestContents(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void clientErrorsKeepTheirStatusAndDatabaseConflictsAre409() {
        assertThat(interceptor.toOutcome(null, new PreconditionFailedException("stale")).getStatusCode()).isEqualTo(412);
        var deadlock = new InternalErrorException("wrapped", new CannotAcquireLockException("deadlock detected"));
        assertThat(interceptor.toOutcome(null, deadlock).getStatusCode()).isEqualTo(409);
        var duplicate = new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"));
        assertThat(interceptor.toOutcome(null, duplicate).getStatusCode()).isEqualTo(409);
    }

    @Test
    void aValueTheDatabaseCannotHoldIs400() {
        var overflow = new DataIntegrityViolationException("bad", new SQLException("value overflows numeric format", "22003"));
        BaseServerResponseException out = interceptor.toOutcome(null, overflow);
        assertThat(out.getStatusCode()).isEqualTo(400);
        assertThat(out.getMessage()).contains("out of range");
    }
}
