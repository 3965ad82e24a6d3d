package org.imnm.fhir.search;

import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * A search parameter the server indexes: its name, type and the parsed FHIRPath that extracts its values;
 * {@code translatesCodes}: a token search also matches the codes ConceptMaps relate to the one asked for.
 */
record IndexedParameter(String name, RestSearchParameterTypeEnum type, String expression,
        IFhirPath.IParsedExpression parsed, boolean translatesCodes) {}
