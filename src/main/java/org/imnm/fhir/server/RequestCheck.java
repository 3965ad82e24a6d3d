package org.imnm.fhir.server;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * A check that refuses a request before it reaches a provider, by throwing HAPI's exception for the status.
 * Run by {@link FhirRestfulServer} while it picks the request's method, not as an interceptor hook: HAPI logs
 * every exception a hook throws as an ERROR with its stack trace, and these are the client's mistakes.
 */
interface RequestCheck {

    void check(RequestDetails request);
}
