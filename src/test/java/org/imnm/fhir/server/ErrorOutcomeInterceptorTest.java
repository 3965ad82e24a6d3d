package org.imnm.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import org.junit.jupiter.api.Test;
import java.sql.SQLException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;

class ErrorOutcomeInterceptorTest {

    private final ErrorOutcomeInterceptor interceptor = new ErrorOutcomeInterceptor();

    @Test
    void anUnexpectedFailureBecomesA500WithOnlyAnIncidentId() {
        var wrapped = new InternalErrorException("HAPI-0389: Failed to call access method: java.lang.NullPointerException:"
                + " secret detail", new NullPointerException("secret detail"));
        BaseServerResponseException out = interceptor.toOutcome(null, wrapped);
        assertThat(out.getStatusCode()).isEqualTo(500);
        assertThat(out.getMessage()).startsWith("Internal error; incident ").doesNotContain("secret");
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
