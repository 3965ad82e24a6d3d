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
            BigDecimal number = new BigDecimal(parts[0]);
            String system = parts.length == 3 && !parts[1].isEmpty() ? parts[1] : null;
            String code = parts.length == 3 && !parts[2].isEmpty() ? parts[2] : null;
            return new QuantityValue(prefix, number, system, code);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Invalid value for search parameter '" + param + "': '" + raw
                    + "' is not [prefix]number, [prefix]number|system|code or [prefix]number||unit");
        }
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
