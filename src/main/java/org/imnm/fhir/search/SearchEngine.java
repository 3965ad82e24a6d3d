package org.imnm.fhir.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.imnm.fhir.store.ResourceStore;
import org.imnm.fhir.store.StoredVersion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link SearchRequest} as one SQL statement over the resource and index tables, paging by
 * keyset (pid order, or the _sort keys then id), forward or backward: rows created while a client pages
 * appear at the end, none are skipped or repeated.
 */
@Component
public class SearchEngine {

    static final int MAX_INCLUDE_ROUNDS = 4;
    static final int MAX_INCLUDED = 1000;
    /** A page cursor with this prefix asks for the page that ends just before the cursor's row. */
    public static final String BEFORE = "~";
    private static final ObjectMapper PLANS = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final ResourceStore store;
    private final UcumUnits ucum;
    private final SearchParameterRegistry registry;

    SearchEngine(JdbcTemplate jdbc, ResourceStore store, UcumUnits ucum, SearchParameterRegistry registry) {
        this.jdbc = jdbc;
        this.store = store;
        this.ucum = ucum;
        this.registry = registry;
    }

    /**
     * One page. {@code cursor} is null for the first page; else a {@link SearchPage#nextCursor()} (the page
     * after that row) or a {@link SearchPage#previousCursor()} (the page before it). A cursor is the row's
     * pid in pid order or, under _sort, its sort values and id; under _total=accurate it also carries the
     * first page's count ({@link CountedCursor}).
     */
    public SearchPage search(SearchRequest request, String cursor) {
        List<Object> args = new ArrayList<>();
        List<CriterionGroup> groups = groups(request);
        StringBuilder where = whereClause(request, groups, args);
        CountedCursor counted = CountedCursor.parse(cursor);
        Integer total = switch (request.total()) {
            case ACCURATE -> counted.total() != null ? counted.total() : count(request, groups);
            case ESTIMATE -> estimate(where, args);
            case NONE -> null;
        };
        if (request.count() == 0) return new SearchPage(List.of(), List.of(), null, null, total);
        String at = counted.position();
        boolean backward = at != null && at.startsWith(BEFORE);
        String position = backward ? at.substring(BEFORE.length()) : at;
        Rows rows = request.sort().isEmpty() ? rowsByPid(request, where, args, position, backward)
                : rowsBySort(request, where, args, position, backward);
        // One extra row was asked for: whether the page has a neighbour beyond it in the direction read.
        boolean beyond = rows.pids().size() > request.count();
        int n = Math.min(rows.pids().size(), request.count());
        List<Long> pids = new ArrayList<>(rows.pids().subList(0, n));
        List<String> cursors = new ArrayList<>(rows.cursors().subList(0, n));
        if (backward) {
            Collections.reverse(pids);
            Collections.reverse(cursors);
        }
        boolean hasNext = backward ? !pids.isEmpty() : beyond;
        boolean hasPrevious = backward ? beyond : position != null && !pids.isEmpty();
        List<StoredVersion> matches = load(pids);
        Integer carried = request.total() == TotalMode.ACCURATE ? total : null;
        return new SearchPage(matches, included(request, matches),
                hasNext ? CountedCursor.format(carried, cursors.get(cursors.size() - 1)) : null,
                hasPrevious ? CountedCursor.format(carried, BEFORE + cursors.get(0)) : null, total);
    }

    /** Up to count + 1 matches from the cursor on, in the direction read, with each one's cursor. */
    private record Rows(List<Long> pids, List<String> cursors) {}

    private Rows rowsByPid(SearchRequest request, StringBuilder where, List<Object> args, String cursor,
            boolean backward) {
        StringBuilder sql = new StringBuilder("select r.pid from resource r").append(where);
        if (cursor != null) {
            sql.append(backward ? " and r.pid < ?" : " and r.pid > ?");
            args.add(parsePid(cursor));
        }
        sql.append(backward ? " order by r.pid desc limit ?" : " order by r.pid limit ?");
        args.add(request.count() + 1);
        List<Long> pids = jdbc.queryForList(sql.toString(), Long.class, args.toArray());
        return new Rows(pids, pids.stream().map(String::valueOf).toList());
    }

    private static long parsePid(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Invalid paging link: bad page cursor");
        }
    }

    /**
     * Sorted rows: the sort values are computed in a subquery, and the rows start after (or, reading
     * backward, before) the cursor's row in the lexicographic order of (keys..., id); resources without a
     * value sort last either way.
     */
    private Rows rowsBySort(SearchRequest request, StringBuilder where, List<Object> whereArgs, String cursor,
            boolean backward) {
        List<SortKey> keys = request.sort();
        List<Object> args = new ArrayList<>();
        StringBuilder select = new StringBuilder("select q.pid, q.res_id");
        StringBuilder inner = new StringBuilder("select r.pid, r.res_id");
        for (int i = 0; i < keys.size(); i++) {
            select.append(", q.s").append(i).append("::text");
            inner.append(", ").append(keys.get(i).sqlExpression()).append(" as s").append(i);
            if (keys.get(i).hasParameterArgument()) {
                args.add(keys.get(i).storedUnder().toArray(String[]::new));
            }
        }
        args.addAll(whereArgs);
        StringBuilder sql = new StringBuilder(select).append(" from (").append(inner).append(" from resource r")
                .append(where).append(") q");
        if (cursor != null) {
            SortCursor c = SortCursor.decode(cursor, keys.size());
            sql.append(" where ").append(beyondCursor(keys, c, args, backward));
        }
        sql.append(" order by ");
        for (int i = 0; i < keys.size(); i++) {
            boolean descending = keys.get(i).descending() != backward;
            sql.append("q.s").append(i).append(descending ? " desc" : " asc")
                    .append(backward ? " nulls first, " : " nulls last, ");
        }
        sql.append(backward ? "q.res_id desc limit ?" : "q.res_id limit ?");
        args.add(request.count() + 1);

        List<Long> pids = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        jdbc.query(sql.toString(), rs -> {
            pids.add(rs.getLong(1));
            List<String> values = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) values.add(rs.getString(3 + i));
            cursors.add(new SortCursor(values, rs.getString(2)).encode());
        }, args.toArray());
        return new Rows(pids, cursors);
    }

    /**
     * (k1 beyond v1) or (k1 = v1 and k2 beyond v2) or ... or (all equal and id beyond the last id), where
     * beyond is after in the page order, or before it when reading backward.
     */
    private static String beyondCursor(List<SortKey> keys, SortCursor c, List<Object> args, boolean backward) {
        List<String> ors = new ArrayList<>();
        for (int i = 0; i <= keys.size(); i++) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < i; j++) ands.add(equalTo(keys.get(j), "q.s" + j, c.values().get(j), args));
            if (i == keys.size()) {
                ands.add(backward ? "q.res_id < ?" : "q.res_id > ?");
                args.add(c.id());
            } else {
                String beyond = backward ? strictlyBefore(keys.get(i), "q.s" + i, c.values().get(i), args)
                        : strictlyAfter(keys.get(i), "q.s" + i, c.values().get(i), args);
                if (beyond == null) continue;
                ands.add(beyond);
            }
            ors.add("(" + String.join(" and ", ands) + ")");
        }
        return "(" + String.join(" or ", ors) + ")";
    }

    private static String equalTo(SortKey key, String column, String value, List<Object> args) {
        if (value == null) return column + " is null";
        args.add(value);
        return column + " = ?::" + key.sqlType();
    }

    /** Nulls sort last: every value comes before a null, and nothing before a value is null. */
    private static String strictlyBefore(SortKey key, String column, String value, List<Object> args) {
        if (value == null) return column + " is not null";
        args.add(value);
        return column + (key.descending() ? " > " : " < ") + "?::" + key.sqlType();
    }

    /** Nulls sort last, so after a null on this key nothing is strictly after it. */
    private static String strictlyAfter(SortKey key, String column, String value, List<Object> args) {
        if (value == null) return null;
        args.add(value);
        return "(" + column + (key.descending() ? " < " : " > ") + "?::" + key.sqlType() + " or " + column + " is null)";
    }

    private List<StoredVersion> load(List<Long> pids) {
        Map<Long, StoredVersion> rows = store.readCurrentByPids(pids);
        return pids.stream().map(rows::get).filter(Objects::nonNull).toList();
    }

    /**
     * The resources a page's _include and _revinclude bring in, without the page's own matches. Plain
     * includes follow the matches once; :iterate ones repeat over what they brought in, up to
     * {@value #MAX_INCLUDE_ROUNDS} rounds and {@value #MAX_INCLUDED} resources.
     */
    public List<StoredVersion> included(SearchRequest request, List<StoredVersion> matches) {
        if (request.includes().isEmpty() && request.revIncludes().isEmpty()) return List.of();
        Map<Long, StoredVersion> seen = new LinkedHashMap<>();
        matches.forEach(m -> seen.put(m.pid(), m));
        List<StoredVersion> added = new ArrayList<>();
        List<StoredVersion> frontier = matches;
        for (int round = 0; round < MAX_INCLUDE_ROUNDS && !frontier.isEmpty() && added.size() < MAX_INCLUDED; round++) {
            List<StoredVersion> found = new ArrayList<>();
            for (Include inc : request.includes()) {
                if (round == 0 || inc.iterate()) found.addAll(forward(inc, frontier));
            }
            for (Include inc : request.revIncludes()) {
                if (round == 0 || inc.iterate()) found.addAll(reverse(inc, frontier));
            }
            frontier = found.stream().filter(v -> seen.putIfAbsent(v.pid(), v) == null).toList();
            added.addAll(frontier);
        }
        return added.size() > MAX_INCLUDED ? added.subList(0, MAX_INCLUDED) : added;
    }

    /** Targets of the include's reference parameter in the given resources. */
    private List<StoredVersion> forward(Include inc, List<StoredVersion> from) {
        Long[] pids = from.stream().filter(v -> inc.sourceType() == null || v.type().equals(inc.sourceType()))
                .map(StoredVersion::pid).toArray(Long[]::new);
        if (pids.length == 0) return List.of();
        StringBuilder sql = new StringBuilder(
                "select distinct x.target_type, x.target_id from idx_reference x where x.pid = any (?) and x.target_id is not null");
        List<Object> args = new ArrayList<>();
        args.add(pids);
        if (!inc.isWildcard()) {
            sql.append(" and x.param = ?");
            args.add(inc.param());
        }
        if (inc.targetType() != null) {
            sql.append(" and x.target_type = ?");
            args.add(inc.targetType());
        }
        List<String> types = new ArrayList<>(), ids = new ArrayList<>();
        jdbc.query(sql.toString(), rs -> {
            types.add(rs.getString(1));
            ids.add(rs.getString(2));
        }, args.toArray());
        return store.readCurrentByTypeAndId(types, ids);
    }

    /** Resources of the include's source type whose reference parameter points at the given resources. */
    private List<StoredVersion> reverse(Include inc, List<StoredVersion> to) {
        List<StoredVersion> targets = to.stream()
                .filter(v -> inc.targetType() == null || v.type().equals(inc.targetType())).toList();
        if (targets.isEmpty()) return List.of();
        StringBuilder sql = new StringBuilder("select distinct x.pid from idx_reference x where (x.target_type, x.target_id)"
                + " in (select * from unnest(?::varchar[], ?::varchar[]))");
        List<Object> args = new ArrayList<>();
        args.add(targets.stream().map(StoredVersion::type).toArray(String[]::new));
        args.add(targets.stream().map(StoredVersion::id).toArray(String[]::new));
        if (inc.sourceType() != null) {
            sql.append(" and x.res_type = ?");
            args.add(inc.sourceType());
        }
        if (!inc.isWildcard()) {
            sql.append(" and x.param = ?");
            args.add(inc.param());
        }
        sql.append(" limit ?");
        args.add(MAX_INCLUDED);
        List<Long> pids = jdbc.queryForList(sql.toString(), Long.class, args.toArray());
        return List.copyOf(store.readCurrentByPids(pids).values());
    }

    /** The logical ids of every current resource matching the criteria (for conditional interactions). */
    public List<String> matchingIds(SearchRequest request, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select r.res_id from resource r")
                .append(whereClause(request, groups(request), args));
        sql.append(" order by r.pid limit ?");
        args.add(limit);
        return jdbc.queryForList(sql.toString(), String.class, args.toArray());
    }

    /**
     * _total=accurate. Index rows exist only for the current version of live resources, so when a plain
     * criterion (an index table, no :not or :missing, no chain) is there, the count starts from its distinct
     * pids and leaves the resource table out; the other criteria only look at the pid. Postgres otherwise
     * scans every resource of the type to join them (4,426 matches of 200,000: 17 ms instead of 57).
     */
    private int count(SearchRequest request, List<CriterionGroup> groups) {
        List<Object> args = new ArrayList<>();
        // A one-row group needs no distinct (the costliest step, a third of the time), so it drives first.
        CriterionGroup driving = groups.stream().filter(CriterionGroup::oneRow).findFirst()
                .or(() -> groups.stream().filter(g -> isPlainIndexCriterion(g.criteria().get(0))).findFirst())
                .orElse(null);
        boolean readsResourceColumns = request.criteria().stream()
                .anyMatch(c -> c.link() == null && (c.param().equals("_id") || c.param().equals("_lastUpdated")));
        if (driving == null || readsResourceColumns) {
            StringBuilder where = whereClause(request, groups, args);
            return jdbc.queryForObject("select count(*) from resource r" + where, Integer.class, args.toArray());
        }
        StringBuilder sql = new StringBuilder("select count(*) from (select ")
                .append(driving.oneRow() ? "" : "distinct ").append("d.pid from ")
                .append(driving.matchingPids(request.resourceType(), ucum, args))
                .append(" d) r where true");
        for (CriterionGroup g : groups) {
            if (g != driving) g.append(request.resourceType(), ucum, sql, args);
        }
        return jdbc.queryForObject(sql.toString(), Integer.class, args.toArray());
    }

    /**
     * Criteria rendered together: all plain criteria on one parameter a resource has at most one index row
     * of (their values must then hold for that row), or any other criterion on its own. One date or quantity
     * group also checks the token criteria it can carry on its rows' token keys.
     */
    private record CriterionGroup(List<Criterion> criteria, boolean oneRow, List<Criterion> carriedTokens) {

        CriterionGroup carrying(List<Criterion> tokens) {
            return new CriterionGroup(criteria, oneRow, tokens);
        }

        boolean canCarryTokens() {
            return isPlainIndexCriterion(criteria.get(0)) && CriterionSql.carriesTokens(criteria.get(0));
        }

        void append(String resourceType, UcumUnits ucum, StringBuilder sql, List<Object> args) {
            if (oneRow || !carriedTokens.isEmpty()) {
                CriterionSql.appendSameRow(criteria, carriedTokens, resourceType, ucum, sql, args);
            } else {
                CriterionSql.append(criteria.get(0), resourceType, ucum, sql, args);
            }
        }

        String matchingPids(String resourceType, UcumUnits ucum, List<Object> args) {
            return CriterionSql.matchingPids(criteria, carriedTokens, resourceType, ucum, args);
        }
    }

    private List<CriterionGroup> groups(SearchRequest request) {
        List<CriterionGroup> groups = new ArrayList<>();
        Map<String, List<Criterion>> oneRowByParam = new LinkedHashMap<>();
        for (Criterion c : request.criteria()) {
            boolean oneRow = isPlainIndexCriterion(c) && registry.find(request.resourceType(), c.param())
                    .map(IndexedParameter::oneRow).orElse(false);
            if (oneRow) oneRowByParam.computeIfAbsent(c.param(), p -> new ArrayList<>()).add(c);
            else groups.add(new CriterionGroup(List.of(c), false, List.of()));
        }
        oneRowByParam.values().forEach(same -> groups.add(new CriterionGroup(List.copyOf(same), true, List.of())));
        return withTokensCarried(groups);
    }

    /**
     * Moves the token criteria a date or quantity group can check on its own rows into that group (a one-row
     * group first, as it drives a count): one index scan instead of intersecting two large sets of pids.
     */
    private static List<CriterionGroup> withTokensCarried(List<CriterionGroup> groups) {
        CriterionGroup carrier = groups.stream().filter(g -> g.oneRow() && g.canCarryTokens()).findFirst()
                .or(() -> groups.stream().filter(CriterionGroup::canCarryTokens).findFirst()).orElse(null);
        if (carrier == null) return groups;
        List<Criterion> tokens = groups.stream().filter(g -> !g.oneRow()).map(g -> g.criteria().get(0))
                .filter(c -> isPlainIndexCriterion(c) && CriterionSql.namesCodes(c)).toList();
        if (tokens.isEmpty()) return groups;
        List<CriterionGroup> result = new ArrayList<>();
        for (CriterionGroup g : groups) {
            if (g == carrier) result.add(g.carrying(tokens));
            else if (g.oneRow() || !tokens.contains(g.criteria().get(0))) result.add(g);
        }
        return result;
    }

    /**
     * _total=estimate: the planner's row estimate for the search (no rows are read), which the
     * specification allows ("a rough estimate of the number of matching resources is sufficient").
     */
    private Integer estimate(StringBuilder where, List<Object> args) {
        String plan = jdbc.queryForObject("explain (format json) select 1 from resource r" + where, String.class,
                args.toArray());
        try {
            JsonNode rows = PLANS.readTree(plan).path(0).path("Plan").path("Plan Rows");
            return rows.isNumber() ? (int) Math.min(Integer.MAX_VALUE, Math.round(rows.asDouble())) : null;
        } catch (JsonProcessingException e) {
            return null; // no estimate is an allowed answer to _total=estimate
        }
    }

    private static boolean isPlainIndexCriterion(Criterion c) {
        return c.link() == null && c.modifier() == null && !c.param().startsWith("_") && c.type() != null
                && c.type() != ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.SPECIAL;
    }

    private StringBuilder whereClause(SearchRequest request, List<CriterionGroup> groups, List<Object> args) {
        StringBuilder where = new StringBuilder(" where r.res_type = ? and not r.deleted");
        args.add(request.resourceType());
        for (CriterionGroup g : groups) g.append(request.resourceType(), ucum, where, args);
        return where;
    }
}
