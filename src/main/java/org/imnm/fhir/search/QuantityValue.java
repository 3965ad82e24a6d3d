package org.imnm.fhir.search;

import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;

/**
 * A quantity search value: [prefix]number[|system|code]. {@link #low()} and {@link #high()} are the range
 * the number's own precision implies ("100" is [99.5, 100.5)), which eq and ne use.
 */
record QuantityValue(ParamPrefixEnum prefix, BigDecimal number, String system, String code) {

    static QuantityValue parse(String param, String raw) {
        ParamPrefixEnum prefix = ParamPrefixEnum.EQUAL;
        String rest = raw;
        if (raw.length() > 2 && Character.isLetter(raw.charAt(0))) {
            prefix = ParamPrefixEnum.forValue(raw.substring(0, 2));
            rest = raw.substring(2);
        }
        String[] parts = rest.split("\\|", -1);
        try {
            if (prefix == null || parts.length == 2 || parts.length > 3) throw new NumberFormatException();
            BigDecimal number = number(param, parts[0]);
            String system = parts.length == 3 && !parts[1].isEmpty() ? parts[1] : null;
            String code = parts.length == 3 && !parts[2].isEmpty() ? parts[2] : null;
            return new QuantityValue(prefix, number, system, code);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Invalid value for search parameter '" + param + "': '" + raw
                    + "' is not [prefix]number, [prefix]number|system|code or [prefix]number||unit");
        }
    }

    /** The largest exponent (either way) a search number may have; no measurement comes near it. */
    static final int MAX_EXPONENT = 1000;

    /**
     * A decimal of a search value. "1e-99999999" is a valid BigDecimal, but the driver spends minutes
     * encoding its hundred million digits and Postgres then refuses it: out of range is a 400 here.
     */
    static BigDecimal number(String param, String text) {
        BigDecimal number = new BigDecimal(text);
        if (Math.abs(number.scale()) > MAX_EXPONENT || Math.abs(number.precision() - number.scale()) > MAX_EXPONENT) {
            throw new InvalidRequestException("Invalid value for search parameter '" + param + "': '" + text
                    + "' is out of range (exponents up to " + MAX_EXPONENT + ")");
        }
        return number;
    }

    /** A number search value: [prefix]number, without the unit parts a quantity may have. */
    static QuantityValue parseNumber(String param, String raw) {
        if (raw.contains("|")) {
            throw new InvalidRequestException("Invalid value for search parameter '" + param + "': '" + raw
                    + "' is not [prefix]number (a number parameter has no units)");
        }
        return parse(param, raw);
    }

    /** Half a unit in the last place written: 0.5 for "100", 0.05 for "100.0", 50 for "1E+2". */
    BigDecimal halfStep() {
        return BigDecimal.valueOf(5, number.scale() + 1);
    }

    BigDecimal low() {
        return number.subtract(halfStep());
    }

    BigDecimal high() {
        return number.add(halfStep());
    }
}
