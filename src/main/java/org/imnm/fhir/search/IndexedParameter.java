package org.imnm.fhir.search;

import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/** A search parameter the server indexes: its name, type and the parsed FHIRPath that extracts its values. */
record IndexedParameter(String name, RestSearchParameterTypeEnum type, String expression,
        IFhirPath.IParsedExpression parsed) {}
