package org.imnm.fhir.search;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.imnm.fhir.store.FhirStrings;

/**
 * Reads search parameters from a request (or a conditional URL) into a {@link SearchRequest}.
 * Unknown parameters are ignored under lenient handling (the default) and rejected under strict.
 */
@Component
public class SearchRequestParser {

    /** Parameters that shape the result rather than select resources, handled elsewhere. */
    private static final Set<String> RESULT_PARAMETERS = Set.of(
            "_count", "_total", "_sort", "_format", "_pretty", "_summary", "_elements", "_getpages", "_pageId",
            "_getpagesoffset", "_bundletype");
    /** The _summary modes R4 defines. */
    private static final Set<String> SUMMARY_MODES = Set.of("true", "text", "data", "count", "false");

    private final SearchParameterRegistry registry;
    private final CodeTranslations translations;
    private final int defaultPageSize;
    private final int maxPageSize;

    SearchRequestParser(SearchParameterRegistry registry, CodeTranslations translations,
            @Value("${imnm.fhir.default-page-size:20}") int defaultPageSize,
            @Value("${imnm.fhir.max-page-size:1000}") int maxPageSize) {
        this.registry = registry;
        this.translations = translations;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    public int defaultPageSize() {
        return defaultPageSize;
    }

    public int maxPageSize() {
        return maxPageSize;
    }

    /**
     * {@link #parse(String, Map, boolean)} of a request to this server at {@code serverBase}: a reference given
     * as an absolute URL of this server ("http://host/fhir/Patient/1") also matches the local reference
     * (Patient/1), as the specification asks.
     */
    public SearchRequest parse(String resourceType, Map<String, String[]> params, boolean strict, String serverBase) {
        String prefix = serverBase == null || serverBase.isEmpty() ? null
                : serverBase.endsWith("/") ? serverBase : serverBase + "/";
        return parse(resourceType, params, strict, prefix == null ? values -> values : values -> values.stream()
                .flatMap(v -> v.startsWith(prefix) ? Stream.of(v.substring(prefix.length()), v) : Stream.of(v))
                .toList());
    }

    public SearchRequest parse(String resourceType, Map<String, String[]> params, boolean strict) {
        return parse(resourceType, params, strict, values -> values);
    }

    /** {@code localForms}: adds to a reference parameter's OR-list the local form of this server's URLs. */
    private SearchRequest parse(String resourceType, Map<String, String[]> params, boolean strict,
            UnaryOperator<List<String>> localForms) {
        List<Criterion> criteria = new ArrayList<>();
        List<Include> includes = new ArrayList<>(), revIncludes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (var entry : params.entrySet()) {
            String key = entry.getKey();
            if (RESULT_PARAMETERS.contains(key)) continue;
            if (key.equals("_include") || key.equals("_include:iterate") || key.equals("_include:recurse")) {
                for (String v : entry.getValue()) includes.add(include(resourceType, v, !key.equals("_include"), false));
                continue;
            }
            if (key.equals("_revinclude") || key.equals("_revinclude:iterate") || key.equals("_revinclude:recurse")) {
                for (String v : entry.getValue()) revIncludes.add(include(resourceType, v, !key.equals("_revinclude"), true));
                continue;
            }
            if (key.equals(COMPARTMENT)) {
                for (String raw : entry.getValue()) criteria.add(compartment(resourceType, raw));
                continue;
            }
            boolean reference = !key.contains(".") && registry.find(resourceType, key.split(":", 2)[0])
                    .map(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE).orElse(false);
            for (String raw : entry.getValue()) {
                List<String> values = reference ? localForms.apply(splitOr(raw)) : splitOr(raw);
                Criterion c = criterion(resourceType, key, values, strict);
                if (c == null && !ignored.contains(key)) ignored.add(key);
                if (c != null) refuseControlCharacters(key, raw);
                // an empty parameter value is ignored, as the spec says
                if (c != null && !values.isEmpty()) criteria.add(c);
            }
        }
        // _summary=count: the total and no entries (HAPI applies the other _summary modes and _elements when
        // it encodes the response).
        boolean countOnly = "count".equals(summary(params));
        return new SearchRequest(resourceType, List.copyOf(criteria), countOnly ? 0 : count(params),
                countOnly ? TotalMode.ACCURATE : total(params), List.copyOf(includes), List.copyOf(revIncludes),
                sort(resourceType, params), List.copyOf(ignored));
    }

    /**
     * The _summary mode asked for, or null; a value the specification does not define is a 400. Every
     * interaction checks it through this (server.SummaryModeCheck): HAPI would ignore such a value.
     */
    public static String summary(Map<String, String[]> params) {
        String[] v = params.get("_summary");
        if (v == null || v.length == 0) return null;
        if (v.length > 1 || !SUMMARY_MODES.contains(v[0])) {
            throw new InvalidRequestException("Invalid _summary '" + String.join(",", v)
                    + "': expected one of true, text, data, count, false");
        }
        return v[0];
    }

    /** _sort=a,-b: keys in order, '-' for descending; date, string, token and quantity parameters, _id, _lastUpdated. */
    private List<SortKey> sort(String resourceType, Map<String, String[]> params) {
        String[] v = params.get("_sort");
        if (v == null) return List.of();
        List<SortKey> keys = new ArrayList<>();
        for (String raw : v) {
            for (String key : raw.split(",")) {
                key = key.trim();
                if (key.isEmpty()) continue;
                boolean descending = key.startsWith("-");
                String name = descending ? key.substring(1) : key;
                if (name.equals("_id") || name.equals("_lastUpdated")) {
                    keys.add(new SortKey(name, null, descending));
                    continue;
                }
                RestSearchParameterTypeEnum type = registry.find(resourceType, name).map(IndexedParameter::type)
                        .orElseThrow(() -> new InvalidRequestException("Cannot _sort by '" + name + "': no such search"
                                + " parameter on " + resourceType));
                if (type != RestSearchParameterTypeEnum.DATE && type != RestSearchParameterTypeEnum.STRING
                        && type != RestSearchParameterTypeEnum.TOKEN && type != RestSearchParameterTypeEnum.QUANTITY
                        && type != RestSearchParameterTypeEnum.NUMBER) {
                    throw new InvalidRequestException("Cannot _sort by '" + name + "': sorting by " + type.getCode()
                            + " parameters is not supported");
                }
                keys.add(new SortKey(name, type, descending, registry.storedUnder(resourceType, name)));
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Reads "Source:param[:Target]" or "*". A plain _include must start from the searched type; a
     * _revinclude names the type that points at it. Anything else is a 400 naming the value.
     */
    private Include include(String searchedType, String value, boolean iterate, boolean reverse) {
        if (value.equals("*")) return new Include(reverse ? null : searchedType, "*", null, iterate);
        String[] parts = value.split(":");
        String name = reverse ? "_revinclude" : "_include";
        if (parts.length < 2 || parts.length > 3 || !registry.isResourceType(parts[0])
                || (parts.length == 3 && !registry.isResourceType(parts[2]))) {
            throw new InvalidRequestException("Invalid " + name + " '" + value + "': expected SourceType:parameter[:TargetType]");
        }
        if (!reverse && !iterate && !parts[0].equals(searchedType)) {
            throw new InvalidRequestException("Invalid _include '" + value + "': it must start from " + searchedType
                    + " (use _include:iterate to follow included resources)");
        }
        boolean isReference = parts[1].equals("*") || registry.find(parts[0], parts[1])
                .filter(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE).isPresent();
        if (!isReference) {
            throw new InvalidRequestException("Invalid " + name + " '" + value + "': " + parts[0] + " has no reference"
                    + " search parameter '" + parts[1] + "'");
        }
        return new Include(parts[0], parts[1], parts.length == 3 ? parts[2] : null, iterate);
    }

    /**
     * "_compartment=Patient/123": resources in that patient's compartment, through every reference
     * parameter the R4 compartment definition names for this type (Observation: subject and performer).
     */
    private Criterion compartment(String resourceType, String owner) {
        String[] parts = owner.split("/");
        if (parts.length != 2 || !registry.isResourceType(parts[0])) {
            throw new InvalidRequestException("Invalid compartment '" + owner + "': expected Type/id");
        }
        List<String> params = registry.compartmentParameters(parts[0], resourceType);
        if (params.isEmpty()) {
            throw new InvalidRequestException(resourceType + " is not in the " + parts[0] + " compartment");
        }
        return new Criterion(COMPARTMENT, RestSearchParameterTypeEnum.REFERENCE, null, List.of(owner),
                new Criterion.Link(Criterion.Link.Kind.COMPARTMENT, String.join(",", params), parts[0], null));
    }

    /** Internal parameter for compartment searches; paging links carry it like any other. */
    public static final String COMPARTMENT = "_compartment";

    /** The '.' of a chain ("subject:Patient.name"), or -1. */
    private static int chainDot(String key) {
        return key.indexOf('.');
    }

    /** The criterion a parameter names: plain, chained or reverse-chained; null when unknown and lenient. */
    private Criterion criterion(String resourceType, String key, List<String> values, boolean strict) {
        try {
            return key.startsWith("_has:") || chainDot(key) > 0 ? linked(resourceType, key, values)
                    : single(resourceType, key, values);
        } catch (UnknownParameterException e) {
            if (strict) throw e;
            return null;
        }
    }

    /** A chained ("subject:Patient.name", "subject.identifier") or reverse-chained ("_has:Observation:subject:code") criterion. */
    private Criterion linked(String resourceType, String key, List<String> values) {
        if (key.startsWith("_has:")) {
            String[] parts = key.split(":", 4);
            if (parts.length < 4 || !registry.isResourceType(parts[1])) throw unknown(key, resourceType);
            String other = parts[1], via = parts[2];
            requireReference(other, via, key);
            Criterion inner = single(other, parts[3], values);
            return new Criterion("_has", null, null, values,
                    new Criterion.Link(Criterion.Link.Kind.HAS, via, other, inner));
        }
        int dot = chainDot(key);
        String left = key.substring(0, dot), right = key.substring(dot + 1);
        int colon = left.indexOf(':');
        String via = colon < 0 ? left : left.substring(0, colon);
        IndexedParameter ref = requireReference(resourceType, via, key);
        if (colon >= 0) {
            String other = left.substring(colon + 1);
            if (!registry.isResourceType(other)) throw unknown(key, resourceType);
            return new Criterion(via, ref.type(), null, values, chain(via, other, right, values));
        }
        // No type named: every type the reference can point at that has the chained parameter (the
        // specification's "DiagnosticReport?subject.name=peter" matches a subject of any type so named).
        List<Criterion.Link> chains = new ArrayList<>();
        for (String other : new TreeSet<>(registry.targets(resourceType, via))) {
            try {
                chains.add(chain(via, other, right, values));
            } catch (UnknownParameterException e) {
                // this target type has no such parameter, so no resource of it can match
            }
        }
        if (chains.isEmpty()) throw unknown(key, resourceType);
        return new Criterion(via, ref.type(), null, values,
                chains.size() == 1 ? chains.get(0) : Criterion.Link.anyOf(via, chains));
    }

    private Criterion.Link chain(String via, String other, String innerKey, List<String> values) {
        Criterion inner = innerKey.contains(".") ? linked(other, innerKey, values) : single(other, innerKey, values);
        return new Criterion.Link(Criterion.Link.Kind.CHAIN, via, other, inner);
    }

    /** A plain criterion on {@code type} from "name[:modifier]", its values checked. */
    private Criterion single(String type, String key, List<String> values) {
        int colon = key.indexOf(':');
        String name = colon < 0 ? key : key.substring(0, colon);
        String modifier = colon < 0 ? null : key.substring(colon + 1);
        RestSearchParameterTypeEnum paramType = name.equals("_id") || name.equals("_lastUpdated") ? null
                : registry.find(type, name).map(IndexedParameter::type).orElse(null);
        if (!isSupported(type, name, paramType, modifier)) throw unknown(key, type);
        boolean translates = modifier == null && registry.find(type, name).map(IndexedParameter::translatesCodes).orElse(false);
        RestSearchParameterTypeEnum secondType = paramType == RestSearchParameterTypeEnum.COMPOSITE
                ? registry.find(type, name).orElseThrow().composite().get(1).type() : null;
        Criterion c = new Criterion(name, paramType, modifier, translates ? withTranslations(values) : values, null,
                secondType, registry.storedUnder(type, name));
        CriterionSql.validate(c);
        return c;
    }

    /** The asked-for system|code values, then the codes the ConceptMaps relate to them. */
    private List<String> withTranslations(List<String> values) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(values);
        for (String v : values) {
            int bar = v.indexOf('|');
            if (bar <= 0 || bar == v.length() - 1) continue; // needs both system and code
            all.addAll(translations.related(v.substring(0, bar), v.substring(bar + 1)));
        }
        return List.copyOf(all);
    }

    private IndexedParameter requireReference(String type, String name, String key) {
        return registry.find(type, name).filter(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE)
                .orElseThrow(() -> unknown(key, type));
    }

    /** No stored value holds a character FHIR strings forbid (see {@link FhirStrings}). */
    private static void refuseControlCharacters(String key, String raw) {
        int c = FhirStrings.firstForbiddenCharacter(raw);
        if (c >= 0) {
            throw new InvalidRequestException(String.format(
                    "Invalid value for search parameter '%s': it contains the control character U+%04X", key, c));
        }
    }

    private static UnknownParameterException unknown(String key, String type) {
        return new UnknownParameterException("Unknown or unsupported search parameter '" + key
                + "' for resource type " + type);
    }

    /** A parameter this server does not know: ignored under lenient handling, a 400 under strict. */
    private static final class UnknownParameterException extends InvalidRequestException {
        UnknownParameterException(String message) {
            super(message);
        }
    }

    private boolean isSupported(String resourceType, String name, RestSearchParameterTypeEnum type, String modifier) {
        if (name.equals("_id") || name.equals("_lastUpdated")) return modifier == null;
        if (type == null) return false;
        if (modifier == null || modifier.equals("missing")) return true;
        return switch (type) {
            case STRING -> modifier.equals("exact") || modifier.equals("contains");
            case TOKEN -> modifier.equals("not") || modifier.equals("text") || modifier.equals("of-type");
            case URI -> modifier.equals("below") || modifier.equals("above");
            // :[type] narrows a reference to one target type
            case REFERENCE -> registry.isResourceType(modifier);
            default -> false;
        };
    }

    private int count(Map<String, String[]> params) {
        String[] v = params.get("_count");
        if (v == null || v.length == 0 || v[0].isBlank()) return defaultPageSize;
        try {
            int n = Integer.parseInt(v[0].trim());
            if (n < 0) throw new NumberFormatException();
            return Math.min(n, maxPageSize);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Invalid _count '" + v[0] + "': expected a non-negative integer");
        }
    }

    private static TotalMode total(Map<String, String[]> params) {
        String[] v = params.get("_total");
        if (v == null || v.length == 0 || v[0].isBlank()) return TotalMode.NONE;
        try {
            return TotalMode.valueOf(v[0].trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid _total '" + v[0] + "': expected none, estimate or accurate");
        }
    }

    /** Splits on commas not escaped with a backslash, and unescapes. */
    static List<String> splitOr(String raw) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '\\' && i + 1 < raw.length()) {
                cur.append(raw.charAt(++i));
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        out.removeIf(String::isEmpty);
        return out;
    }
}
