package org.imnm.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.imnm.fhir.search.SearchRequestParser;
import org.springframework.stereotype.Component;

/**
 * A _summary value the specification does not define is a 400 on every interaction (read, vread, history,
 * search, paging): HAPI would ignore it and answer in full.
 */
@Component
@Interceptor
class SummaryModeCheck {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public void refuseUndefinedModes(RequestDetails request) {
        SearchRequestParser.summary(request.getParameters());
    }
}
