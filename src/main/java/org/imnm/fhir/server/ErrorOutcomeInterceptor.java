package org.imnm.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Every failure leaves as an OperationOutcome with the right status. HAPI's own exceptions already carry
 * theirs; database conflicts become 409; anything unexpected becomes a 500 whose message is an incident
 * id, never a stack trace or SQL.
 */
@Component
@Interceptor
class ErrorOutcomeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ErrorOutcomeInterceptor.class);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException toOutcome(RequestDetails request, Throwable exception) {
        Throwable e = unwrap(exception);
        // HAPI wraps a provider's unexpected exception in its own 500 whose message is the raw exception's:
        // that one is replaced below, like any other unexpected failure.
        if (e instanceof BaseServerResponseException known && !(known instanceof InternalErrorException)) return known;
        if (e instanceof DataFormatException) return new InvalidRequestException("Malformed content: " + e.getMessage());
        if (isOperationParameterParse(e)) {
            return new InvalidRequestException("Invalid operation parameter: " + (e.getCause() != null
                    ? e.getCause().getMessage() : e.getMessage()));
        }
        if ((e instanceof RuntimeException || e instanceof StackOverflowError) && bodyIsUnreadable(request)) {
            // HAPI's parser reports most malformed content as DataFormatException, but some shapes trip it
            // inside (an extension array holding a number, a contained resource with an empty resourceType,
            // a narrative div of blanks): its own exception then is no more telling than "malformed".
            return new InvalidRequestException("Malformed content: the request body is not a FHIR resource"
                    + " HAPI's parser can read (check the shape of its extensions, contained resources and"
                    + " narrative)");
        }
        if ("54000".equals(sqlState(e))) {
            // Postgres' program_limit_exceeded: an index entry over its 2,704-byte limit. The search index keeps
            // a bounded prefix of each text (IndexedText), but a terminology key (canonical url, concept code,
            // mapped code) is stored whole; nothing was written, the transaction rolled back.
            return new UnprocessableEntityException("A value in the request is too long to be indexed (a canonical"
                    + " url or code over about 2,700 bytes); shorten it");
        }
        if (e instanceof ConcurrencyFailureException) {
            return new ResourceVersionConflictException("A concurrent change conflicted with this request; retry it");
        }
        if (e instanceof DataIntegrityViolationException) {
            // Spring files Postgres' "data exception" class (22: a value out of range, malformed) here too:
            // that is the request's value, not a conflict with what is stored.
            String state = sqlState(e);
            if (state != null && state.startsWith("22")) {
                return new InvalidRequestException("A value in the request is out of range or malformed");
            }
            return new ResourceVersionConflictException("The request conflicts with stored data; retry it");
        }
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected failure, incident {}", incident, e);
        return new InternalErrorException("Internal error; incident " + incident);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) return sql.getSQLState();
        }
        return null;
    }

    /**
     * Whether the request body HAPI read fails HAPI's own parser: then an unexpected failure is the body's.
     * Asked again rather than read from the failure's stack: the JIT throws a repeated NullPointerException
     * without one. Only unexpected failures get here, so parsing twice costs nothing in the normal case.
     */
    private static boolean bodyIsUnreadable(RequestDetails request) {
        byte[] body = request == null ? null : request.getRequestContentsIfLoaded();
        if (body == null || body.length == 0 || request.getFhirContext() == null) return false;
        String contentType = request.getHeader(Constants.HEADER_CONTENT_TYPE);
        EncodingEnum encoding = contentType == null ? null : EncodingEnum.forContentType(contentType);
        if (encoding == null) return false; // not a FHIR body (a form-encoded search, a patch document)
        IParser parser = encoding.newParser(request.getFhirContext());
        try {
            parser.parseResource(new String(body, StandardCharsets.UTF_8));
            return false;
        } catch (RuntimeException | StackOverflowError unreadable) {
            return true;
        }
    }

    /**
     * HAPI's GET binding of an operation parameter ("count=abc" for an integer) fails with a bare exception:
     * the client's input, not our failure. The stack is the only sign HAPI leaves of where it came from; the
     * exception is thrown explicitly, so it always has one.
     */
    private static boolean isOperationParameterParse(Throwable e) {
        if (!(e instanceof IllegalArgumentException)) return false;
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals("ca.uhn.fhir.rest.server.method.OperationParameter")
                    && frame.getMethodName().startsWith("translateQueryParameters")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first cause that says what went wrong (HAPI's, a parse error, a database error), else the original.
     * A HAPI 500 wrapping something more telling is looked through.
     */
    private static Throwable unwrap(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof InternalErrorException && e.getCause() != null) continue;
            if (e instanceof BaseServerResponseException || e instanceof DataFormatException
                    || e instanceof org.springframework.dao.DataAccessException) {
                return e;
            }
        }
        return t;
    }
}
