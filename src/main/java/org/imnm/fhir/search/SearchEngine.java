package org.imnm.fhir.search;

import java.util.ArrayList;
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
        if (request.count() == 0) return new SearchPage(List.of(), null, total);

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
        return new SearchPage(matches, more ? pids.get(pids.size() - 1) : null, total);
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
