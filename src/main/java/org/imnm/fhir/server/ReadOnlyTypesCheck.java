package org.imnm.fhir.server;

import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.imnm.fhir.resource.ServedResourceTypes;
import org.springframework.stereotype.Component;

/**
 * A write to a read-only type (the shipped profiles) is 405 Method Not Allowed, not HAPI's 400 for a
 * method no provider declares. Operations ($validate, $expand...) are not writes.
 */
@Component
class ReadOnlyTypesCheck implements RequestCheck {

    @Override
    public void check(RequestDetails request) {
        String type = request.getResourceName();
        RequestTypeEnum method = request.getRequestType();
        if (type == null || !ServedResourceTypes.isReadOnly(type) || request.getOperation() != null) return;
        if (method == RequestTypeEnum.POST || method == RequestTypeEnum.PUT || method == RequestTypeEnum.DELETE
                || method == RequestTypeEnum.PATCH) {
            throw new MethodNotAllowedException(type + " is read-only here: the profiles ship with the server");
        }
    }
}
