package org.imnm.fhir.search;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;

/**
 * One search parameter occurrence: its values are ORed; several criteria on a request are ANDed.
 * {@code type} is the parameter's type (null for _id and _lastUpdated, which live on the resource row).
 */
record Criterion(String param, RestSearchParameterTypeEnum type, String modifier, List<String> values) {

    String key() {
        return modifier == null ? param : param + ":" + modifier;
    }
}
