package org.imnm.fhir.search;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one criterion as a SQL predicate over {@code resource r}. Values are always bound
 * parameters; only fixed SQL text is concatenated.
 */
final class CriterionSql {

    private CriterionSql() {}

    /** Rejects malformed values early, with a 400 that names the parameter. */
    static void validate(Criterion c) {
        if (c.param().equals("_lastUpdated")) {
            c.values().forEach(v -> dateBounds(c.param(), v));
        }
    }

    static void append(Criterion c, String resourceType, StringBuilder sql, List<Object> args) {
        switch (c.param()) {
            case "_id" -> {
                sql.append(" and r.res_id = any (?)");
                args.add(c.values().toArray(String[]::new));
            }
            case "_lastUpdated" -> appendDate("r.last_updated", c, sql, args);
            default -> appendToken(c, resourceType, sql, args);
        }
    }

    private static void appendToken(Criterion c, String resourceType, StringBuilder sql, List<Object> args) {
        sql.append(" and r.pid in (select t.pid from idx_token t where t.res_type = ? and t.param = ? and (");
        args.add(resourceType);
        args.add(c.param());
        List<String> ors = new ArrayList<>();
        for (String value : c.values()) {
            int bar = value.indexOf('|');
            if (bar < 0) {
                ors.add("t.code = ?");
                args.add(value);
            } else {
                String system = value.substring(0, bar);
                String code = value.substring(bar + 1);
                if (system.isEmpty()) {
                    ors.add("(t.system is null and t.code = ?)");
                    args.add(code);
                } else if (code.isEmpty()) {
                    ors.add("t.system = ?");
                    args.add(system);
                } else {
                    ors.add("(t.code = ? and t.system = ?)");
                    args.add(code);
                    args.add(system);
                }
            }
        }
        sql.append(String.join(" or ", ors)).append("))");
    }

    private static void appendDate(String column, Criterion c, StringBuilder sql, List<Object> args) {
        List<String> ors = new ArrayList<>();
        for (String value : c.values()) {
            Bounds b = dateBounds(c.param(), value);
            Timestamp low = Timestamp.from(b.low()), high = Timestamp.from(b.high());
            switch (b.prefix()) {
                case EQUAL -> { ors.add("(" + column + " >= ? and " + column + " < ?)"); args.add(low); args.add(high); }
                case NOT_EQUAL -> { ors.add("(" + column + " < ? or " + column + " >= ?)"); args.add(low); args.add(high); }
                case GREATERTHAN, STARTS_AFTER -> { ors.add(column + " >= ?"); args.add(high); }
                case GREATERTHAN_OR_EQUALS -> { ors.add(column + " >= ?"); args.add(low); }
                case LESSTHAN, ENDS_BEFORE -> { ors.add(column + " < ?"); args.add(low); }
                case LESSTHAN_OR_EQUALS -> { ors.add(column + " < ?"); args.add(high); }
                case APPROXIMATE -> {
                    // "ap": within 10% of the distance from now, and never narrower than the value's precision.
                    Duration slack = Duration.between(b.low(), Instant.now()).abs().dividedBy(10);
                    ors.add("(" + column + " >= ? and " + column + " < ?)");
                    args.add(Timestamp.from(b.low().minus(slack)));
                    args.add(Timestamp.from(b.high().plus(slack)));
                }
            }
        }
        sql.append(" and (").append(String.join(" or ", ors)).append(")");
    }

    record Bounds(ParamPrefixEnum prefix, Instant low, Instant high) {}

    /** A date value as the half-open range its precision covers ("2025" is the whole year). */
    static Bounds dateBounds(String param, String value) {
        try {
            DateParam dp = new DateParam(value);
            if (dp.getValue() == null) throw new IllegalArgumentException("no date");
            ParamPrefixEnum prefix = dp.getPrefix() == null ? ParamPrefixEnum.EQUAL : dp.getPrefix();
            TemporalPrecisionEnum precision = dp.getPrecision();
            Instant low = dp.getValue().toInstant();
            Instant high = precision.add(dp.getValue(), 1).toInstant();
            return new Bounds(prefix, low, high);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Invalid value for search parameter '" + param + "': '" + value
                    + "' is not a FHIR date, optionally prefixed with eq, ne, gt, lt, ge, le, sa, eb or ap");
        }
    }
}
