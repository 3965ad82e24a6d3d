package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;

/**
 * Turns a ValueSet's compose into one SQL query over the concept tables whose rows are the expansion's
 * members: each include is a subquery (stored concepts, filtered by hierarchy and properties, or a listed
 * set of codes), excludes are subtracted, and referenced value sets are compiled the same way and
 * intersected. The text filter, activeOnly and a single code being looked for are pushed into every
 * include, so Postgres answers them from the indexes. Values are always bound; only fixed SQL is built.
 *
 * <p>Each member row is (system, version, code, display, concept_id, inactive, o1, o2), where o1/o2 give the
 * expansion order: include by include, each in the code system's own order.
 */
final class ExpansionQuery {

    /** What narrows every include: a text filter (a tsquery), activeOnly, one system|code. */
    record Scope(String textQuery, boolean activeOnly, String system, String code) {
        Scope forExcludes() {
            return new Scope(null, false, system, code);
        }
    }

    private static final int MAX_DEPTH = 8;
    private static final Pattern COMMA = Pattern.compile("\\s*,\\s*");
    static final String EMPTY = "select null::text as system, null::text as version, null::text as code,"
            + " null::text as display, null::bigint as concept_id, false as inactive, 0 as o1, 0 as o2 where false";

    private final ConceptStore concepts;
    private final Function<CanonicalType, ValueSet> valueSets;
    final List<Object> args = new ArrayList<>();

    ExpansionQuery(ConceptStore concepts, Function<CanonicalType, ValueSet> valueSets) {
        this.concepts = concepts;
        this.valueSets = valueSets;
    }

    /** The members of {@code vs} within {@code scope}, one row per system|code. */
    String compile(ValueSet vs, Scope scope) {
        return compile(vs, scope, 0);
    }

    private String compile(ValueSet vs, Scope scope, int depth) {
        if (depth > MAX_DEPTH) {
            throw new UnprocessableEntityException("ValueSet '" + vs.getUrl() + "': value sets nest more than "
                    + MAX_DEPTH + " levels deep (or refer to each other in a cycle)");
        }
        if (!vs.hasCompose()) {
            if (vs.hasExpansion()) return listed(vs, scope);
            throw new UnprocessableEntityException("ValueSet '" + vs.getUrl() + "' has no compose to expand");
        }
        List<String> includes = new ArrayList<>();
        int o1 = 0;
        for (ConceptSetComponent inc : vs.getCompose().getInclude()) includes.add(clause(inc, scope, o1++, depth));
        // One include of a code system's own concepts cannot repeat a code: no need to sort for duplicates.
        var first = vs.getCompose().getIncludeFirstRep();
        boolean unique = includes.size() == 1 && first.hasSystem() && !first.hasConcept();
        StringBuilder sql = new StringBuilder(unique ? "select m.* from (" : "select distinct on (m.system, m.code) m.* from (")
                .append(String.join(" union all ", includes)).append(") m");
        if (vs.getCompose().hasExclude()) {
            List<String> excludes = new ArrayList<>();
            for (ConceptSetComponent exc : vs.getCompose().getExclude()) {
                excludes.add(clause(exc, scope.forExcludes(), 0, depth));
            }
            sql.append(" where not exists (select 1 from (").append(String.join(" union all ", excludes))
                    .append(") e where e.system is not distinct from m.system and e.code = m.code)");
        }
        if (!unique) sql.append(" order by m.system, m.code, m.o1, m.o2");
        return sql.toString();
    }

    /** A value set given only as an expansion (no compose): its listed codes. */
    private String listed(ValueSet vs, Scope scope) {
        List<String[]> codes = new ArrayList<>();
        collect(vs.getExpansion().getContains(), codes);
        if (codes.isEmpty()) return EMPTY;
        String[] system = codes.stream().map(c -> c[0]).toArray(String[]::new);
        String[] code = codes.stream().map(c -> c[1]).toArray(String[]::new);
        String[] display = codes.stream().map(c -> c[2]).toArray(String[]::new);
        String[] search = codes.stream().map(c -> TextFilter.words(c[2])).toArray(String[]::new);
        StringBuilder sql = new StringBuilder("select u.system, null::text as version, u.code, u.display,"
                + " null::bigint as concept_id, false as inactive, 0 as o1, u.ord::int as o2"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as u(system, code, display, search, ord)"
                + " where true");
        args.addAll(List.of(system, code, display, search));
        if (scope.textQuery() != null) bind(sql, " and to_tsvector('simple', u.search) @@ to_tsquery('simple', ?)", scope.textQuery());
        if (scope.code() != null) bind(sql, " and u.code = ?", scope.code());
        if (scope.system() != null) bind(sql, " and u.system = ?", scope.system());
        return sql.toString();
    }

    private static void collect(List<ValueSet.ValueSetExpansionContainsComponent> contains, List<String[]> out) {
        for (var c : contains) {
            if (c.hasCode() && !c.getAbstract()) out.add(new String[] {c.getSystem(), c.getCode(), c.getDisplay()});
            collect(c.getContains(), out);
        }
    }

    private String clause(ConceptSetComponent inc, Scope scope, int o1, int depth) {
        String base;
        if (inc.hasSystem()) {
            if (scope.system() != null && !scope.system().equals(inc.getSystem())) return EMPTY;
            base = inc.hasConcept() ? listedConcepts(inc, scope, o1) : systemConcepts(inc, scope, o1);
        } else if (inc.hasValueSet()) {
            base = "select v.system, v.version, v.code, v.display, v.concept_id, v.inactive, " + o1 + " as o1,"
                    + " (row_number() over (order by v.o1, v.o2))::int as o2 from ("
                    + compile(referenced(inc.getValueSet().get(0)), scope, depth + 1) + ") v";
        } else {
            throw new UnprocessableEntityException("ValueSet.compose: an include or exclude names neither a system"
                    + " nor a value set");
        }
        int first = inc.hasSystem() ? 0 : 1;
        if (inc.getValueSet().size() <= first) return base;
        StringBuilder sql = new StringBuilder("select b.* from (").append(base).append(") b where true");
        for (CanonicalType ref : inc.getValueSet().subList(first, inc.getValueSet().size())) {
            sql.append(" and (b.system, b.code) in (select r.system, r.code from (")
                    .append(compile(referenced(ref), scope.forExcludes(), depth + 1)).append(") r)");
        }
        return sql.toString();
    }

    private ValueSet referenced(CanonicalType ref) {
        return valueSets.apply(ref);
    }

    /** include.concept: the listed codes, with the stored concept where the code system is held here. */
    private String listedConcepts(ConceptSetComponent inc, Scope scope, int o1) {
        var held = concepts.resolve("CodeSystem", inc.getSystem(), inc.getVersion());
        int n = inc.getConcept().size();
        String[] code = new String[n], display = new String[n], search = new String[n];
        for (int i = 0; i < n; i++) {
            var c = inc.getConcept().get(i);
            code[i] = c.getCode();
            display[i] = c.getDisplay();
            search[i] = TextFilter.words(c.getDisplay());
        }
        StringBuilder sql = new StringBuilder("select ?::text as system, ?::text as version, u.code,"
                + " coalesce(u.display, c.display) as display, c.id as concept_id, coalesce(c.inactive, false) as inactive,"
                + " " + o1 + " as o1, u.ord::int as o2"
                + " from unnest(?::text[], ?::text[], ?::text[]) with ordinality as u(code, display, search, ord)");
        args.add(inc.getSystem());
        args.add(held.map(Canonical::version).orElse(inc.getVersion()));
        args.addAll(List.of(code, display, search));
        if (held.isPresent()) {
            // A complete code system answers for its codes: one it lacks is not a member.
            sql.append(held.get().isComplete() ? " join" : " left join")
                    .append(" term_concept c on c.cs_pid = ? and c.code = u.code where true");
            args.add(held.get().pid());
        } else {
            sql.append(" left join term_concept c on false where true");
        }
        if (scope.textQuery() != null) {
            bind(sql, " and (coalesce(c.search, ''::tsvector) || to_tsvector('simple', u.search))"
                    + " @@ to_tsquery('simple', ?)", scope.textQuery());
        }
        if (scope.activeOnly()) sql.append(" and not coalesce(c.inactive, false)");
        if (scope.code() != null) bind(sql, " and u.code = ?", scope.code());
        return sql.toString();
    }

    /** A whole code system, or the part its filters select: needs the code system stored here. */
    private String systemConcepts(ConceptSetComponent inc, Scope scope, int o1) {
        Canonical cs = concepts.resolve("CodeSystem", inc.getSystem(), inc.getVersion())
                .orElseThrow(() -> new UnprocessableEntityException("Cannot expand: the value set includes "
                        + (inc.hasFilter() ? "a filter over " : "all of ") + "code system '" + inc.getSystem()
                        + (inc.hasVersion() ? "|" + inc.getVersion() : "") + "', which this server does not hold"));
        StringBuilder sql = new StringBuilder("select ?::text as system, ?::text as version, c.code, c.display,"
                + " c.id as concept_id, c.inactive, " + o1 + " as o1, c.seq as o2 from term_concept c where c.cs_pid = ?");
        args.add(cs.url());
        args.add(cs.version());
        args.add(cs.pid());
        for (ConceptSetFilterComponent f : inc.getFilter()) filter(f, cs, sql);
        if (scope.textQuery() != null) bind(sql, " and c.search @@ to_tsquery('simple', ?)", scope.textQuery());
        if (scope.activeOnly()) sql.append(" and not c.inactive");
        if (scope.code() != null) bind(sql, cs.isCaseSensitive() ? " and c.code = ?" : " and lower(c.code) = lower(?)", scope.code());
        return sql.toString();
    }

    private static final String DESCENDANTS = "with recursive d(id) as (select id from term_concept where cs_pid = ?"
            + " and code = ? union select p.child_id from term_concept_parent p join d on p.parent_id = d.id) select id from d";
    private static final String ANCESTORS = "with recursive a(id) as (select id from term_concept where cs_pid = ?"
            + " and code = ? union select p.parent_id from term_concept_parent p join a on p.child_id = a.id) select id from a";

    private void filter(ConceptSetFilterComponent f, Canonical cs, StringBuilder sql) {
        String property = f.getProperty(), value = f.getValue();
        if (!f.hasOp() || property == null || value == null) {
            throw new InvalidRequestException("ValueSet.compose filter needs a property, an op and a value");
        }
        String op = f.getOp().toCode();
        boolean hierarchy = property.equals("concept") || property.equals("code");
        switch (op) {
            case "is-a" -> bind(sql, " and c.id in (" + DESCENDANTS + ")", cs.pid(), value);
            case "descendent-of" -> bind(sql, " and c.id in (" + DESCENDANTS + ") and c.code <> ?", cs.pid(), value, value);
            case "is-not-a" -> bind(sql, " and c.id not in (" + DESCENDANTS + ")", cs.pid(), value);
            case "generalizes" -> bind(sql, " and c.id in (" + ANCESTORS + ")", cs.pid(), value);
            case "=" -> sql.append(" and ").append(propertyMatch(property, hierarchy, "= ?", value));
            case "in" -> sql.append(" and ").append(propertyMatch(property, hierarchy, "= any (?)", COMMA.split(value)));
            case "not-in" -> sql.append(" and not ").append(propertyMatch(property, hierarchy, "= any (?)", COMMA.split(value)));
            case "regex" -> {
                try {
                    Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    throw new InvalidRequestException("ValueSet.compose filter: '" + value + "' is not a valid regex");
                }
                sql.append(" and ").append(propertyMatch(property, hierarchy, "~ ('^(?:' || ? || ')$')", value));
            }
            case "exists" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new InvalidRequestException("ValueSet.compose filter: 'exists' takes true or false, not '" + value + "'");
                }
                sql.append(value.equals("true") ? " and " : " and not ").append(propertyExists(property));
            }
            default -> throw new UnprocessableEntityException("ValueSet.compose filter operator '" + op
                    + "' is not supported");
        }
    }

    /** A condition on a concept's property: its code or display, its hierarchy, or a stored property. */
    private String propertyMatch(String property, boolean hierarchy, String comparison, Object value) {
        args.add(value);
        if (hierarchy) return "c.code " + comparison;
        return switch (property) {
            case "display" -> "c.display " + comparison;
            case "parent" -> "exists (select 1 from term_concept_parent p join term_concept pc on pc.id = p.parent_id"
                    + " where p.child_id = c.id and pc.code " + comparison + ")";
            case "child" -> "exists (select 1 from term_concept_parent p join term_concept pc on pc.id = p.child_id"
                    + " where p.parent_id = c.id and pc.code " + comparison + ")";
            default -> {
                args.add(args.size() - 1, property);
                // The (code, md5(value)) index finds an equal value however long it is (V13).
                String indexed = "= ?".equals(comparison) ? " and md5(p.value) = md5(?)" : "";
                if (!indexed.isEmpty()) args.add(value);
                yield "exists (select 1 from term_concept_property p where p.concept_id = c.id and p.code = ?"
                        + " and p.value " + comparison + indexed + ")";
            }
        };
    }

    private String propertyExists(String property) {
        return switch (property) {
            case "parent" -> "exists (select 1 from term_concept_parent p where p.child_id = c.id)";
            case "child" -> "exists (select 1 from term_concept_parent p where p.parent_id = c.id)";
            case "display" -> "c.display is not null";
            case "concept", "code" -> "true";
            default -> {
                args.add(property);
                yield "exists (select 1 from term_concept_property p where p.concept_id = c.id and p.code = ?)";
            }
        };
    }

    private void bind(StringBuilder sql, String fragment, Object... values) {
        sql.append(fragment);
        args.addAll(Arrays.asList(values));
    }
}
