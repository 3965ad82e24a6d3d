package org.imnm.fhir.search;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;

/**
 * One _sort key: a parameter (or _id / _lastUpdated, whose type is null), its direction, and the parameters
 * whose index rows hold its values (SearchParameterRegistry.storedUnder).
 */
public record SortKey(String param, RestSearchParameterTypeEnum type, boolean descending, List<String> storedUnder) {

    /** A key on _id or _lastUpdated, or on a parameter stored under its own name only. */
    public SortKey(String param, RestSearchParameterTypeEnum type, boolean descending) {
        this(param, type, descending, List.of(param));
    }

    String render() {
        return (descending ? "-" : "") + param;
    }

    /**
     * The value a resource sorts by: for a parameter with several values, the lowest ascending and the
     * highest descending, as the specification asks; null when it has none (such resources sort last). Its
     * argument is {@link #storedUnder}.
     */
    String sqlExpression() {
        if (param.equals("_id")) return "r.res_id";
        if (param.equals("_lastUpdated")) return "r.last_updated";
        String agg = descending ? "max" : "min";
        return switch (type) {
            case DATE -> "(select " + agg + "(x." + (descending ? "high" : "low")
                    + ") from idx_date x where x.pid = r.pid and x.param = any (?))";
            case STRING -> "(select " + agg + "(x.value_norm) from idx_string x where x.pid = r.pid and x.param = any (?))";
            case TOKEN -> "(select " + agg + "(x.code) from idx_token x where x.pid = r.pid and x.param = any (?))";
            case NUMBER -> "(select " + agg + "(x.value) from idx_quantity x where x.pid = r.pid and x.param = any (?))";
            // UCUM values in canonical units, so 5 mmol/L and 5000 umol/L sort together
            case QUANTITY -> "(select " + agg + "(coalesce(x.canonical_value, x.value)) from idx_quantity x"
                    + " where x.pid = r.pid and x.param = any (?))";
            default -> throw new IllegalStateException("not sortable: " + param);
        };
    }

    boolean hasParameterArgument() {
        return !param.equals("_id") && !param.equals("_lastUpdated");
    }

    /** The SQL type a cursor value is cast back to. */
    String sqlType() {
        if (param.equals("_lastUpdated") || type == RestSearchParameterTypeEnum.DATE) return "timestamptz";
        return type == RestSearchParameterTypeEnum.QUANTITY || type == RestSearchParameterTypeEnum.NUMBER
                ? "numeric" : "text";
    }
}
