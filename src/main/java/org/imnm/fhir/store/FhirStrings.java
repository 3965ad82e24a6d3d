package org.imnm.fhir.store;

/**
 * FHIR strings may not hold characters below U+0020 other than tab, CR and LF. Postgres cannot store one of
 * them (NUL), so no stored value holds any: writes holding one are refused, and so are searches for one.
 */
public final class FhirStrings {

    private FhirStrings() {}

    /** The first character FHIR strings may not hold, or -1 when there is none. */
    public static int firstForbiddenCharacter(String value) {
        if (value == null) return -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') return c;
        }
        return -1;
    }
}
