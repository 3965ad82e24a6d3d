package org.imnm.fhir.search;

import java.util.List;

/** One search parameter occurrence: its values are ORed; several criteria on a request are ANDed. */
record Criterion(String param, String modifier, List<String> values) {

    String key() {
        return modifier == null ? param : param + ":" + modifier;
    }
}
