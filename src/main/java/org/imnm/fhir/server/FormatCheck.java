package org.imnm.fhir.server;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Arrays;
import org.springframework.stereotype.Component;

/**
 * A _format naming no format the server writes (JSON, XML, Turtle, by name or MIME type) is 406 Not
 * Acceptable, as R4's http page says a server should; HAPI would answer in JSON.
 */
@Component
class FormatCheck implements RequestCheck {

    static final int NOT_ACCEPTABLE = 406;

    @Override
    public void check(RequestDetails request) {
        String[] formats = request.getParameters().get(Constants.PARAM_FORMAT);
        if (formats == null || Arrays.stream(formats).anyMatch(f -> EncodingEnum.forContentType(f) != null)) return;
        throw new NotAcceptableException("Unsupported _format '" + String.join(",", formats)
                + "': use json, xml or ttl, or a MIME type of one of them");
    }

    /** HAPI has no exception of its own for 406. */
    static final class NotAcceptableException extends BaseServerResponseException {
        NotAcceptableException(String message) {
            super(NOT_ACCEPTABLE, message);
        }
    }
}
