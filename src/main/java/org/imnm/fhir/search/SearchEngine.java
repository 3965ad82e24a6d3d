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

    SearchEngine(JdbcTemplate jdbc, ResourceStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    public SearchPage search(SearchRequest request, Long afterPid) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = whereClause(request, args);
        Integer total = request.total() == TotalMode.ACCURATE
                ? jdbc.queryForObject("select count(*) from resource r" + where, Integer.class, args.toArray())
                : null;
        if (request.count() == 0) return new SearchPage(List.of(), List.of(), null, total);

        StringBuilder sql = new StringBuilder("select r.pid from resource r").append(where);
        if (afterPid != null) {
            sql.append(" and r.pid > ?");
            args.add(afterPid);
        }
        sql.append(" order by r.pid limit ?");
        args.add(request.count() + 1);
        List<Long> pids = jdbc.queryForList(sql.toString(), Long.class, args.toArray());

        boolean more = pids.size() > request.count();
        if (more) pids = pids.subList(0, request.count());
        Map<Long, StoredVersion> rows = store.readCurrentByPids(pids);
        List<StoredVersion> matches = pids.stream().map(rows::get).filter(Objects::nonNull).toList();
        return new SearchPage(matches, included(request, matches), more ? pids.get(pids.size() - 1) : null, total);
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

    private static StringBuilder whereClause(SearchRequest request, List<Object> args) {
        StringBuilder where = new StringBuilder(" where r.res_type = ? and not r.deleted");
        args.add(request.resourceType());
        for (Criterion c : request.criteria()) CriterionSql.append(c, request.resourceType(), where, args);
        return where;
    }
}
