package org.imnm.fhir.search;

import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;

/**
 * A search parameter the server indexes: its name, type and the FHIRPath that extracts its values;
 * {@code translatesCodes}: a token search also matches the codes ConceptMaps relate to the one asked for;
 * {@code composite}: the two parts of a composite parameter (empty otherwise); {@code oneRow}: a resource
 * has at most one index row for it (a date parameter over one 0..1 element), so criteria on it that are
 * ANDed must all hold for that one row, and its rows need no deduplication. {@code storedUnder}: the
 * parameters whose index rows hold this one's values, itself first. After it come the parameters of the same
 * type whose paths are all among this one's ("code" and "component-code" for "combo-code", whose paths are
 * Observation.code and Observation.component.code): {@code path} holds only the paths they lack, and a
 * search reads the rows of all of them, so each value is stored once instead of under both names.
 */
record IndexedParameter(String name, RestSearchParameterTypeEnum type, DeferredExpression path,
        boolean translatesCodes, List<CompositePart> composite, boolean oneRow, List<String> storedUnder) {

    /** A part of a composite parameter: its type and its expression, relative to the composite's element. */
    record CompositePart(RestSearchParameterTypeEnum type, DeferredExpression path) {

        IFhirPath.IParsedExpression parsed() {
            return path.parsed();
        }
    }

    String expression() {
        return path.text();
    }

    IFhirPath.IParsedExpression parsed() {
        return path.parsed();
    }
}
