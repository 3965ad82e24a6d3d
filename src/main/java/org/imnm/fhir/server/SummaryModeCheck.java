package org.imnm.fhir.server;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.imnm.fhir.search.SearchRequestParser;
import org.springframework.stereotype.Component;

/**
 * A _summary value the specification does not define is a 400 on every interaction (read, vread, history,
 * search, paging): HAPI would ignore it and answer in full.
 */
@Component
class SummaryModeCheck implements RequestCheck {

    @Override
    public void check(RequestDetails request) {
        SearchRequestParser.summary(request.getParameters());
    }
}
