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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders one criterion as a SQL predicate over {@code resource r}, following the specification's
 * rules for its parameter type. Values are always bound parameters; only fixed SQL text is concatenated.
 */
final class CriterionSql {

    private static final Pattern TYPED_REFERENCE = Pattern.compile("^([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})$");

    private CriterionSql() {}

    /** Rejects malformed values early, with a 400 that names the parameter. */
    static void validate(Criterion c) {
        if ("missing".equals(c.modifier())) {
            c.values().forEach(v -> {
                if (!v.equals("true") && !v.equals("false")) {
                    throw new InvalidRequestException("Invalid value for '" + c.key() + "': expected true or false");
                }
            });
        } else if (c.param().equals("_lastUpdated") || c.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.DATE) {
            c.values().forEach(v -> dateBounds(c.key(), v));
        } else if (c.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.QUANTITY) {
            c.values().forEach(v -> QuantityValue.parse(c.key(), v));
        } else if (c.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.SPECIAL) {
            c.values().forEach(v -> NearValue.parse(c.key(), v));
        } else if (c.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.NUMBER) {
            c.values().forEach(v -> QuantityValue.parseNumber(c.key(), v));
        } else if (c.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.COMPOSITE) {
            for (String v : c.values()) {
                String[] parts = compositeParts(c.key(), v);
                if (c.secondType() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.DATE) dateBounds(c.key(), parts[1]);
                if (c.secondType() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.QUANTITY) {
                    QuantityValue.parse(c.key(), parts[1]);
                }
            }
        }
    }

    static void append(Criterion c, String resourceType, UcumUnits ucum, StringBuilder sql, List<Object> args) {
        if (c.link() != null) {
            appendLinked(c, resourceType, ucum, sql, args);
            return;
        }
        if (c.param().equals("_id")) {
            sql.append(" and r.res_id = any (?)");
            args.add(c.values().toArray(String[]::new));
            return;
        }
        if (c.param().equals("_lastUpdated")) {
            appendLastUpdated(c, sql, args);
            return;
        }
        String table = table(c);
        if ("missing".equals(c.modifier())) {
            // Several values ORed: true,false matches everything; a single value picks one side.
            boolean missing = c.values().contains("true"), present = c.values().contains("false");
            if (missing && present) return;
            sql.append(missing ? " and not exists" : " and exists")
                    .append(" (select 1 from ").append(table).append(" m where m.pid = r.pid and ")
                    .append(paramIs("m", c, args)).append(")");
            return;
        }
        // :not on a token: resources without a matching code, those with no value at all included.
        sql.append("not".equals(c.modifier()) ? " and r.pid not in " : " and r.pid in ");
        sql.append(matchingPids(c, resourceType, ucum, args));
    }

    /**
     * Criteria on one parameter that must all hold for the same index row, for a parameter a resource has at
     * most one row of (there, "some row matches each" and "one row matches all" are the same): one subquery,
     * which Postgres answers from one index scan instead of intersecting one per criterion.
     */
    static void appendSameRow(List<Criterion> criteria, List<Criterion> carriedTokens, String resourceType,
            UcumUnits ucum, StringBuilder sql, List<Object> args) {
        sql.append(" and r.pid in ").append(matchingPids(criteria, carriedTokens, resourceType, ucum, args));
    }

    /**
     * The criterion's index rows as "(select x.pid from idx_... x where ...)": the pids of the current
     * versions of live resources with a matching value (a pid may come more than once). For a criterion on
     * an index table, with no :missing and no chain.
     */
    static String matchingPids(Criterion c, String resourceType, UcumUnits ucum, List<Object> args) {
        return matchingPids(List.of(c), List.of(), resourceType, ucum, args);
    }

    /**
     * The rows matching every one of these criteria on the same parameter (ORs within each, AND between
     * them) whose resource also has a code of each carried token criterion: date and quantity rows hold
     * their resource's token keys ({@link #carriesTokens}).
     */
    static String matchingPids(List<Criterion> sameParameter, List<Criterion> carriedTokens, String resourceType,
            UcumUnits ucum, List<Object> args) {
        Criterion first = sameParameter.get(0);
        StringBuilder sql = new StringBuilder("(select x.pid from ").append(table(first)).append(" x where x.res_type = ? and ");
        args.add(resourceType);
        sql.append(paramIs("x", first, args));
        for (Criterion c : sameParameter) sql.append(" and (").append(anyValue(c, ucum, args)).append(")");
        for (Criterion t : carriedTokens) sql.append(" and ").append(tokenKeys(t, resourceType, ucum, args));
        return sql.append(")").toString();
    }

    /**
     * "alias.param = ?", or "= any (?)" for a parameter whose values are also stored under others it covers
     * (IndexedParameter.covered); every other search keeps the plain equality its index order serves.
     */
    private static String paramIs(String alias, Criterion c, List<Object> args) {
        if (c.storedUnder().size() == 1) return bind(args, alias + ".param = ?", c.storedUnder().get(0));
        return bind(args, alias + ".param = any (?)", (Object) c.storedUnder().toArray(String[]::new));
    }

    /** Whether a plain criterion's index rows hold their resource's token keys (idx_date, idx_quantity). */
    static boolean carriesTokens(Criterion c) {
        return switch (c.type()) {
            case DATE, QUANTITY, NUMBER -> true;
            default -> false;
        };
    }

    /**
     * Whether every value of a token criterion names a code ("code", "system|code" or "|code"; not
     * "system|"), so that a plain one can be checked on a row's token keys.
     */
    static boolean namesCodes(Criterion c) {
        return c.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.TOKEN
                && c.values().stream().allMatch(v -> !v.isEmpty() && !v.endsWith("|"));
    }

    /**
     * "x.tokens @> array[key] or ...": the row's resource has one of the criterion's codes ({@link TokenKeys}).
     * One containment test per value: Postgres checks it in half the time of one overlap (&&) test. A row
     * without keys (its resource has too many codes to carry) is checked against idx_token instead.
     */
    private static String tokenKeys(Criterion c, String resourceType, UcumUnits ucum, List<Object> args) {
        List<String> ors = new ArrayList<>();
        for (String value : c.values()) {
            TokenValue t = TokenValue.parse(value);
            // "|code" (no system) keys as system "", as a stored token without one does
            for (String param : c.storedUnder()) {
                long key = t.anySystem() ? TokenKeys.code(param, t.code()) : TokenKeys.systemCode(param, t.system(), t.code());
                ors.add(bind(args, "x.tokens @> array[?::int8]", key));
            }
        }
        ors.add("(x.tokens is null and x.pid in " + matchingPids(c, resourceType, ucum, args) + ")");
        return "(" + String.join(" or ", ors) + ")";
    }

    /** A condition on an index row "x": it matches one of the criterion's values. */
    private static String anyValue(Criterion c, UcumUnits ucum, List<Object> args) {
        List<String> ors = new ArrayList<>();
        for (String value : c.values()) {
            switch (c.type()) {
                case TOKEN -> ors.add("text".equals(c.modifier()) ? tokenText(value, args)
                        : "of-type".equals(c.modifier()) ? ofType(c.key(), value, args) : token(value, args));
                case STRING -> ors.add(string(c.modifier(), value, args));
                case DATE -> ors.add(dateRange(c.key(), value, args));
                case REFERENCE -> ors.add(reference(c.modifier(), value, args));
                case QUANTITY -> ors.add(quantity(QuantityValue.parse(c.key(), value), ucum, args));
                case NUMBER -> ors.add(quantity(QuantityValue.parseNumber(c.key(), value), ucum, args));
                case URI -> ors.add(uri(c.modifier(), value, args));
                case COMPOSITE -> ors.add(composite(c, value, ucum, args));
                case SPECIAL -> ors.add(NearValue.parse(c.key(), value).sql(c.key(), ucum, args));
                default -> { }
            }
        }
        return String.join(" or ", ors);
    }

    private static String table(Criterion c) {
        return switch (c.type()) {
            case TOKEN -> "idx_token";
            case STRING -> "idx_string";
            case DATE -> "idx_date";
            case REFERENCE -> "idx_reference";
            case QUANTITY, NUMBER -> "idx_quantity";
            case URI -> "idx_uri";
            case COMPOSITE -> "idx_composite";
            case SPECIAL -> "idx_position";
            default -> throw new InvalidRequestException("Search parameter '" + c.param() + "' is not supported");
        };
    }

    /**
     * A chain or reverse chain, as a subquery over the other type. Inside it "r" is that type's resource
     * row (SQL scoping picks the nearest), so the inner criterion renders exactly as it would on its own.
     */
    private static void appendLinked(Criterion c, String resourceType, UcumUnits ucum, StringBuilder sql,
            List<Object> args) {
        Criterion.Link link = c.link();
        if (link.kind() == Criterion.Link.Kind.COMPARTMENT) {
            String[] owner = c.values().get(0).split("/");
            sql.append(" and r.pid in (select x.pid from idx_reference x where x.res_type = ? and x.param = any (?)"
                    + " and x.target_type = ? and x.target_id = ?)");
            args.add(resourceType);
            args.add(link.via().split(","));
            args.add(owner[0]);
            args.add(owner[1]);
            return;
        }
        if (link.kind() == Criterion.Link.Kind.ANY_CHAIN) {
            List<String> chains = new ArrayList<>();
            for (Criterion.Link chain : link.alternatives()) chains.add(chainedPids(chain, resourceType, ucum, args));
            sql.append(" and r.pid in (").append(String.join(" union all ", chains)).append(")");
            return;
        }
        if (link.kind() == Criterion.Link.Kind.CHAIN) {
            sql.append(" and r.pid in (").append(chainedPids(link, resourceType, ucum, args)).append(")");
            return;
        }
        List<Object> innerArgs = new ArrayList<>();
        String inner = otherTypeWhere(link, ucum, innerArgs);
        sql.append(" and r.res_id in (select x.target_id from idx_reference x where x.res_type = ? and x.param = ?"
                + " and x.target_type = ? and x.pid in (select r.pid from resource r").append(inner).append("))");
        args.add(link.other());
        args.add(link.via());
        args.add(resourceType);
        args.addAll(innerArgs);
    }

    /**
     * The pids of {@code resourceType} resources whose reference {@code chain.via} points at a match of its
     * inner criterion.
     */
    private static String chainedPids(Criterion.Link chain, String resourceType, UcumUnits ucum, List<Object> args) {
        List<Object> innerArgs = new ArrayList<>();
        String inner = otherTypeWhere(chain, ucum, innerArgs);
        args.add(resourceType);
        args.add(chain.via());
        args.add(chain.other());
        args.addAll(innerArgs);
        return "select x.pid from idx_reference x where x.res_type = ? and x.param = ? and x.target_type = ?"
                + " and x.target_id in (select r.res_id from resource r" + inner + ")";
    }

    /** The where clause selecting the link's other type's live resources that match its inner criterion. */
    private static String otherTypeWhere(Criterion.Link link, UcumUnits ucum, List<Object> args) {
        StringBuilder where = new StringBuilder(" where r.res_type = ? and not r.deleted");
        args.add(link.other());
        append(link.inner(), link.other(), ucum, where, args);
        return where.toString();
    }

    /** Where a row keeps a system and code: its own pair, or a composite's second (value) part. */
    private record CodedColumns(String system, String code) {
        static final CodedColumns OWN = new CodedColumns("x.system", "x.code");
        static final CodedColumns COMPOSITE_VALUE = new CodedColumns("x.value_system", "x.value_code");
    }

    /** Where a row keeps the range [low, high) it covers: an index row's bounds, or a resource's lastUpdated. */
    private record SpanColumns(String low, String high) {
        static final SpanColumns INDEX = new SpanColumns("x.low", "x.high");
        /** last_updated is an instant: the range [t, t + 1 ms). */
        static final SpanColumns LAST_UPDATED = new SpanColumns("r.last_updated",
                "(r.last_updated + interval '1 millisecond')");
    }

    private static String token(String value, List<Object> args) {
        return token(value, CodedColumns.OWN, args);
    }

    /**
     * A token search value as the index holds its parts ({@link IndexedText}): "code" (any system),
     * "system|code", "|code" (system "": none) or "system|" (code "": any).
     */
    private record TokenValue(boolean anySystem, String system, String code) {
        static TokenValue parse(String value) {
            int bar = value.indexOf('|');
            if (bar < 0) return new TokenValue(true, null, IndexedText.bound(value));
            return new TokenValue(false, IndexedText.bound(value.substring(0, bar)),
                    IndexedText.bound(value.substring(bar + 1)));
        }
    }

    private static String token(String value, CodedColumns col, List<Object> args) {
        TokenValue t = TokenValue.parse(value);
        if (t.anySystem()) {
            args.add(t.code());
            return col.code() + " = ?";
        }
        String system = t.system(), code = t.code();
        if (system.isEmpty()) {
            args.add(code);
            return "(" + col.system() + " is null and " + col.code() + " = ?)";
        }
        if (code.isEmpty()) {
            args.add(system);
            return col.system() + " = ?";
        }
        args.add(code);
        args.add(system);
        return "(" + col.code() + " = ? and " + col.system() + " = ?)";
    }

    /**
     * :text: a word of the display or text that goes with the code (Coding.display, CodeableConcept.text,
     * Identifier.type.text) starts with the value, ignoring case and accents.
     */
    private static String tokenText(String value, List<Object> args) {
        String pattern = IndexedText.bound(IndexExtractor.normalize(value)).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return bind(args, "(x.text_norm like ? or x.text_norm like ?)", pattern + "%", "% " + pattern + "%");
    }

    /** identifier:of-type=system|code|value: an Identifier whose type is system|code and whose value is value. */
    private static String ofType(String key, String value, List<Object> args) {
        String[] parts = value.split("\\|", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InvalidRequestException("Invalid value for '" + key + "': expected type-system|type-code|value");
        }
        String code = IndexedText.bound(parts[2]);
        return parts[0].isEmpty()
                ? bind(args, "(x.type_code = ? and x.code = ?)", parts[1], code)
                : bind(args, "(x.type_system = ? and x.type_code = ? and x.code = ?)", parts[0], parts[1], code);
    }

    /** Default: starts with, ignoring case and accents; :exact: equal as written; :contains: anywhere. */
    private static String string(String modifier, String value, List<Object> args) {
        if ("exact".equals(modifier)) {
            args.add(value);
            return "x.value_exact = ?";
        }
        String pattern = IndexedText.bound(IndexExtractor.normalize(value))
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        args.add(("contains".equals(modifier) ? "%" : "") + pattern + "%");
        return "x.value_norm like ?";
    }

    /**
     * A stored date is the range [low, high) its precision covers, and so is the searched value [sl, sh);
     * each prefix compares the two ranges as the specification defines it.
     */
    private static String dateRange(String key, String value, List<Object> args) {
        return dateRange(key, value, SpanColumns.INDEX, args);
    }

    private static String dateRange(String key, String value, SpanColumns col, List<Object> args) {
        String low = col.low(), high = col.high();
        Bounds b = dateBounds(key, value);
        Timestamp sl = Timestamp.from(b.low()), sh = Timestamp.from(b.high());
        return switch (b.prefix()) {
            case EQUAL -> bind(args, "(" + low + " >= ? and " + high + " <= ?)", sl, sh);
            case NOT_EQUAL -> bind(args, "not (" + low + " >= ? and " + high + " <= ?)", sl, sh);
            case GREATERTHAN -> bind(args, high + " > ?", sh);
            case LESSTHAN -> bind(args, low + " < ?", sl);
            // ge and le lead with a bound every match meets (low < high), so an index range scan can start there.
            case GREATERTHAN_OR_EQUALS -> bind(args,
                    "(" + high + " > ? and (" + high + " > ? or (" + low + " >= ? and " + high + " <= ?)))", sl, sh, sl, sh);
            case LESSTHAN_OR_EQUALS -> bind(args,
                    "(" + low + " < ? and (" + low + " < ? or (" + low + " >= ? and " + high + " <= ?)))", sh, sl, sl, sh);
            case STARTS_AFTER -> bind(args, low + " >= ?", sh);
            case ENDS_BEFORE -> bind(args, high + " <= ?", sl);
            case APPROXIMATE -> {
                Duration slack = Duration.between(b.low(), Instant.now()).abs().dividedBy(10);
                yield bind(args, "(" + low + " < ? and " + high + " > ?)",
                        Timestamp.from(b.high().plus(slack)), Timestamp.from(b.low().minus(slack)));
            }
        };
    }

    /** "token$value": both parts must match the same element (one index row holds one element's pair). */
    private static String composite(Criterion c, String value, UcumUnits ucum, List<Object> args) {
        String[] parts = compositeParts(c.key(), value);
        String first = token(parts[0], args);
        // The second part's system and code (a token's, or a quantity unit's) are the row's value_system/value_code.
        String second = switch (c.secondType()) {
            case TOKEN -> token(parts[1], CodedColumns.COMPOSITE_VALUE, args);
            case QUANTITY -> quantity(QuantityValue.parse(c.key(), parts[1]), ucum, CodedColumns.COMPOSITE_VALUE, args);
            case DATE -> dateRange(c.key(), parts[1], args);
            case STRING -> string(null, parts[1], args);
            default -> throw new InvalidRequestException("Composite parameter '" + c.key() + "' is not supported");
        };
        return "(" + first + " and " + second + ")";
    }

    private static String[] compositeParts(String key, String value) {
        int dollar = value.indexOf('$');
        if (dollar <= 0 || dollar == value.length() - 1) {
            throw new InvalidRequestException("Invalid value for composite parameter '" + key + "': '" + value
                    + "' must be two parts joined by '$', e.g. http://loinc.org|2157-6$gt1000");
        }
        return new String[] {value.substring(0, dollar), value.substring(dollar + 1)};
    }

    /**
     * Exact by default; :below matches the value and everything under it (a prefix match at a path
     * boundary); :above matches the stored values the given one is under (its path prefixes).
     */
    private static String uri(String modifier, String uri, List<Object> args) {
        String value = IndexedText.bound(uri);
        if ("below".equals(modifier)) {
            String prefix = value.endsWith("/") ? value : value + "/";
            String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            return bind(args, "(x.value = ? or x.value like ?)", value, escaped + "%");
        }
        if ("above".equals(modifier)) {
            List<String> prefixes = new ArrayList<>();
            String v = value;
            int schemeEnd = v.indexOf("://");
            int hostEnd = schemeEnd < 0 ? 0 : v.indexOf('/', schemeEnd + 3);
            int floor = hostEnd < 0 ? v.length() : hostEnd;
            while (v.length() > 0) {
                prefixes.add(v);
                int slash = v.lastIndexOf('/', v.endsWith("/") ? v.length() - 2 : v.length() - 1);
                if (slash < 0 || slash < floor) break;
                v = v.substring(0, slash);
            }
            return bind(args, "x.value = any (?)", (Object) prefixes.toArray(String[]::new));
        }
        return bind(args, "x.value = ?", value);
    }

    /** "Type/id", a bare "id" (any target type, or the :Type modifier's), or an absolute URL. */
    private static String reference(String typeModifier, String value, List<Object> args) {
        Matcher typed = TYPED_REFERENCE.matcher(value);
        if (typed.matches()) {
            if (typeModifier != null && !typeModifier.equals(typed.group(1))) return "false";
            return bind(args, "(x.target_id = ? and x.target_type = ?)", typed.group(2), typed.group(1));
        }
        if (value.contains("/") || value.contains(":")) return bind(args, "x.url = ?", IndexedText.bound(value));
        if (typeModifier != null) return bind(args, "(x.target_id = ? and x.target_type = ?)", value, typeModifier);
        return bind(args, "x.target_id = ?", value);
    }

    /**
     * value|system|code, value||unit or a bare number. A UCUM unit compares in canonical units (U/L and
     * ukat/L alike); another unit must match as written; a bare number ignores units.
     */
    private static String quantity(QuantityValue q, UcumUnits ucum, List<Object> args) {
        return quantity(q, ucum, CodedColumns.OWN, args);
    }

    private static String quantity(QuantityValue q, UcumUnits ucum, CodedColumns unit, List<Object> args) {
        String column = "x.value";
        String unitFilter = null;
        java.util.function.Function<java.math.BigDecimal, java.math.BigDecimal> scale = v -> v;
        if (UcumUnits.SYSTEM.equals(q.system()) && q.code() != null && ucum.canonical(q.number(), q.code()).isPresent()) {
            String canonicalCode = ucum.canonical(q.number(), q.code()).get().code();
            column = "x.canonical_value";
            unitFilter = bind(args, "x.canonical_code = ?", canonicalCode);
            scale = v -> ucum.canonical(v, q.code()).orElseThrow().value();
        } else if (q.code() != null && q.system() != null) {
            unitFilter = bind(args, "(" + unit.system() + " = ? and " + unit.code() + " = ?)", q.system(), q.code());
        } else if (q.code() != null) {
            unitFilter = bind(args, "(" + unit.code() + " = ? or x.unit = ?)", q.code(), q.code());
        }
        String range = switch (q.prefix()) {
            case EQUAL -> bind(args, "(" + column + " >= ? and " + column + " < ?)",
                    scale.apply(q.low()), scale.apply(q.high()));
            case NOT_EQUAL -> bind(args, "(" + column + " < ? or " + column + " >= ?)",
                    scale.apply(q.low()), scale.apply(q.high()));
            case GREATERTHAN, STARTS_AFTER -> bind(args, column + " > ?", scale.apply(q.number()));
            case LESSTHAN, ENDS_BEFORE -> bind(args, column + " < ?", scale.apply(q.number()));
            case GREATERTHAN_OR_EQUALS -> bind(args, column + " >= ?", scale.apply(q.number()));
            case LESSTHAN_OR_EQUALS -> bind(args, column + " <= ?", scale.apply(q.number()));
            case APPROXIMATE -> {
                java.math.BigDecimal tenth = q.number().abs().divide(java.math.BigDecimal.TEN);
                yield bind(args, "(" + column + " >= ? and " + column + " <= ?)",
                        scale.apply(q.number().subtract(tenth)), scale.apply(q.number().add(tenth)));
            }
        };
        return unitFilter == null ? range : "(" + unitFilter + " and " + range + ")";
    }

    private static void appendLastUpdated(Criterion c, StringBuilder sql, List<Object> args) {
        List<String> ors = new ArrayList<>();
        for (String value : c.values()) ors.add(dateRange(c.key(), value, SpanColumns.LAST_UPDATED, args));
        sql.append(" and (").append(String.join(" or ", ors)).append(")");
    }

    private static String bind(List<Object> args, String sql, Object... values) {
        for (Object v : values) args.add(v);
        return sql;
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
