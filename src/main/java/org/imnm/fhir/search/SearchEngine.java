package org.imnm.fhir.search;

import java.util.ArrayList;
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
 * keyset (pid order): rows created while a client pages appear at the end, none are skipped or repeated.
 */
@Component
public class SearchEngine {

    static final int MAX_INCLUDE_ROUNDS = 4;
    static final int MAX_INCLUDED = 1000;

    private final JdbcTemplate jdbc;
    private final ResourceStore store;
    private final UcumUnits ucum;

    SearchEngine(JdbcTemplate jdbc, ResourceStore store, UcumUnits ucum) {
        this.jdbc = jdbc;
        this.store = store;
        this.ucum = ucum;
    }

    /**
     * One page. {@code cursor} is null for the first page, else the {@link SearchPage#nextCursor()} of the
     * previous one: the last pid in pid order, or, under _sort, the last row's sort values and id.
     */
    public SearchPage search(SearchRequest request, String cursor) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = whereClause(request, args);
        Integer total = request.total() == TotalMode.ACCURATE ? count(request) : null;
        if (request.count() == 0) return new SearchPage(List.of(), List.of(), null, total);
        return request.sort().isEmpty() ? pageByPid(request, where, args, cursor, total)
                : pageBySort(request, where, args, cursor, total);
    }

    private SearchPage pageByPid(SearchRequest request, StringBuilder where, List<Object> args, String cursor,
            Integer total) {
        StringBuilder sql = new StringBuilder("select r.pid from resource r").append(where);
        if (cursor != null) {
            sql.append(" and r.pid > ?");
            args.add(Long.parseLong(cursor));
        }
        sql.append(" order by r.pid limit ?");
        args.add(request.count() + 1);
        List<Long> pids = jdbc.queryForList(sql.toString(), Long.class, args.toArray());
        boolean more = pids.size() > request.count();
        if (more) pids = pids.subList(0, request.count());
        List<StoredVersion> matches = load(pids);
        return new SearchPage(matches, included(request, matches),
                more ? pids.get(pids.size() - 1).toString() : null, total);
    }

    /**
     * Sorted page: the sort values are computed in a subquery, the page starts after the cursor's row in
     * the lexicographic order of (keys..., id), and resources without a value sort last either way.
     */
    private SearchPage pageBySort(SearchRequest request, StringBuilder where, List<Object> whereArgs, String cursor,
            Integer total) {
        List<SortKey> keys = request.sort();
        List<Object> args = new ArrayList<>();
        StringBuilder select = new StringBuilder("select q.pid, q.res_id");
        StringBuilder inner = new StringBuilder("select r.pid, r.res_id");
        for (int i = 0; i < keys.size(); i++) {
            select.append(", q.s").append(i).append("::text");
            inner.append(", ").append(keys.get(i).sqlExpression()).append(" as s").append(i);
            if (keys.get(i).hasParameterArgument()) args.add(keys.get(i).param());
        }
        args.addAll(whereArgs);
        StringBuilder sql = new StringBuilder(select).append(" from (").append(inner).append(" from resource r")
                .append(where).append(") q");
        if (cursor != null) {
            SortCursor c = SortCursor.decode(cursor, keys.size());
            sql.append(" where ").append(afterCursor(keys, c, args));
        }
        sql.append(" order by ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append("q.s").append(i).append(keys.get(i).descending() ? " desc" : " asc").append(" nulls last, ");
        }
        sql.append("q.res_id limit ?");
        args.add(request.count() + 1);

        List<Long> pids = new ArrayList<>();
        List<SortCursor> rowCursors = new ArrayList<>();
        jdbc.query(sql.toString(), rs -> {
            pids.add(rs.getLong(1));
            List<String> values = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) values.add(rs.getString(3 + i));
            rowCursors.add(new SortCursor(values, rs.getString(2)));
        }, args.toArray());
        boolean more = pids.size() > request.count();
        List<Long> page = more ? pids.subList(0, request.count()) : pids;
        List<StoredVersion> matches = load(page);
        return new SearchPage(matches, included(request, matches),
                more ? rowCursors.get(page.size() - 1).encode() : null, total);
    }

    /** (k1 after v1) or (k1 = v1 and k2 after v2) or ... or (all equal and id > last id). */
    private static String afterCursor(List<SortKey> keys, SortCursor c, List<Object> args) {
        List<String> ors = new ArrayList<>();
        for (int i = 0; i <= keys.size(); i++) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < i; j++) ands.add(equalTo(keys.get(j), "q.s" + j, c.values().get(j), args));
            if (i == keys.size()) {
                ands.add("q.res_id > ?");
                args.add(c.id());
            } else {
                String after = strictlyAfter(keys.get(i), "q.s" + i, c.values().get(i), args);
                if (after == null) continue;
                ands.add(after);
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
        StringBuilder sql = new StringBuilder("select r.res_id from resource r").append(whereClause(request, args));
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
    private int count(SearchRequest request) {
        List<Object> args = new ArrayList<>();
        Criterion driving = request.criteria().stream().filter(SearchEngine::isPlainIndexCriterion).findFirst()
                .orElse(null);
        boolean readsResourceColumns = request.criteria().stream()
                .anyMatch(c -> c.link() == null && (c.param().equals("_id") || c.param().equals("_lastUpdated")));
        if (driving == null || readsResourceColumns) {
            StringBuilder where = whereClause(request, args);
            return jdbc.queryForObject("select count(*) from resource r" + where, Integer.class, args.toArray());
        }
        StringBuilder sql = new StringBuilder("select count(*) from (select distinct d.pid from ")
                .append(CriterionSql.matchingPids(driving, request.resourceType(), ucum, args))
                .append(" d) r where true");
        for (Criterion c : request.criteria()) {
            if (c != driving) CriterionSql.append(c, request.resourceType(), ucum, sql, args);
        }
        return jdbc.queryForObject(sql.toString(), Integer.class, args.toArray());
    }

    private static boolean isPlainIndexCriterion(Criterion c) {
        return c.link() == null && c.modifier() == null && !c.param().startsWith("_") && c.type() != null
                && c.type() != ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.SPECIAL;
    }

    private StringBuilder whereClause(SearchRequest request, List<Object> args) {
        StringBuilder where = new StringBuilder(" where r.res_type = ? and not r.deleted");
        args.add(request.resourceType());
        for (Criterion c : request.criteria()) CriterionSql.append(c, request.resourceType(), ucum, where, args);
        return where;
    }
}
