package org.imnm.fhir.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Rows of the versioned store. Knows SQL, not FHIR: callers pass bodies already serialized and decide
 * the version numbers. Every method joins the caller's database transaction.
 */
@Repository
public class ResourceStore {

    private static final String VERSION_COLUMNS =
            "v.pid, r.res_type, r.res_id, v.version, v.last_updated, v.method, v.body";

    private static final RowMapper<StoredVersion> VERSION_MAPPER = ResourceStore::mapVersion;

    private final JdbcTemplate jdbc;

    public ResourceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the resource's current row until the transaction ends, so concurrent writers queue up. */
    public Optional<CurrentRow> lockCurrent(String type, String id) {
        return jdbc.query(
                        "select pid, version, deleted, last_updated from resource where res_type = ? and res_id = ? for update",
                        (rs, n) -> new CurrentRow(rs.getLong(1), rs.getLong(2), rs.getBoolean(3),
                                rs.getTimestamp(4).toInstant()),
                        type, id)
                .stream()
                .findFirst();
    }

    /**
     * Inserts the current-state row of a new logical resource and returns its pid, or empty when a row
     * with that type and id already exists (a concurrent writer got there first).
     */
    public Optional<Long> insertResource(String type, String id, long version, Instant lastUpdated) {
        return jdbc.queryForList(
                        "insert into resource (res_type, res_id, version, last_updated, deleted) values (?, ?, ?, ?, false)"
                                + " on conflict (res_type, res_id) do nothing returning pid",
                        Long.class, type, id, version, Timestamp.from(lastUpdated))
                .stream()
                .findFirst();
    }

    /**
     * Serializes, until the transaction ends, every writer that holds the same key: conditional creates and
     * updates with the same criteria cannot both see "no match" and both create. Works across instances.
     */
    public void lockKey(String key) {
        jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> null, key);
    }

    /**
     * Inserts many new resources (version 1) in two round trips, for ids no one else can hold (fresh
     * server-assigned ids). Returns their pids in input order.
     */
    public List<Long> insertNewResources(List<NewResource> rows) {
        if (rows.isEmpty()) return List.of();
        String[] types = rows.stream().map(NewResource::type).toArray(String[]::new);
        String[] ids = rows.stream().map(NewResource::id).toArray(String[]::new);
        Timestamp[] times = rows.stream().map(r -> Timestamp.from(r.lastUpdated())).toArray(Timestamp[]::new);
        Map<String, Long> pidByKey = new HashMap<>();
        jdbc.query("insert into resource (res_type, res_id, version, last_updated, deleted)"
                        + " select t, i, 1, u, false from unnest(?::varchar[], ?::varchar[], ?::timestamptz[]) as x(t, i, u)"
                        + " returning pid, res_type, res_id",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar", types));
                    ps.setArray(2, ps.getConnection().createArrayOf("varchar", ids));
                    ps.setArray(3, ps.getConnection().createArrayOf("timestamptz", times));
                },
                rs -> {
                    pidByKey.put(rs.getString(2) + "/" + rs.getString(3), rs.getLong(1));
                });
        List<Long> pids = rows.stream().map(r -> pidByKey.get(r.type() + "/" + r.id())).toList();
        // A batch, not UnnestInsert: an array literal would escape every quote of every body (measured 4%
        // slower ingest).
        jdbc.batchUpdate("insert into resource_version (pid, version, res_type, last_updated, method, body)"
                        + " values (?, 1, ?, ?, ?, ?)", rows, rows.size(), (ps, r) -> {
                    ps.setLong(1, pidByKey.get(r.type() + "/" + r.id()));
                    ps.setString(2, r.type());
                    ps.setTimestamp(3, Timestamp.from(r.lastUpdated()));
                    ps.setString(4, r.method());
                    ps.setString(5, r.body());
                });
        return pids;
    }

    public void updateCurrent(long pid, long version, Instant lastUpdated, boolean deleted) {
        jdbc.update("update resource set version = ?, last_updated = ?, deleted = ? where pid = ?",
                version, Timestamp.from(lastUpdated), deleted, pid);
    }

    public void insertVersion(long pid, String type, long version, Instant lastUpdated, String method, String body) {
        jdbc.update(
                "insert into resource_version (pid, version, res_type, last_updated, method, body) values (?, ?, ?, ?, ?, ?)",
                pid, version, type, Timestamp.from(lastUpdated), method, body);
    }

    public boolean exists(String type, String id) {
        return !jdbc.queryForList("select 1 from resource where res_type = ? and res_id = ?", Integer.class, type, id)
                .isEmpty();
    }

    public Optional<StoredVersion> readCurrent(String type, String id) {
        return jdbc.query("select " + VERSION_COLUMNS + " from resource r"
                        + " join resource_version v on v.pid = r.pid and v.version = r.version"
                        + " where r.res_type = ? and r.res_id = ?", VERSION_MAPPER, type, id)
                .stream()
                .findFirst();
    }

    public Optional<StoredVersion> readVersion(String type, String id, long version) {
        return jdbc.query("select " + VERSION_COLUMNS + " from resource r"
                        + " join resource_version v on v.pid = r.pid and v.version = ?"
                        + " where r.res_type = ? and r.res_id = ?", VERSION_MAPPER, version, type, id)
                .stream()
                .findFirst();
    }

    /** Current, not deleted versions of the given pids, keyed by pid (missing pids are simply absent). */
    public Map<Long, StoredVersion> readCurrentByPids(List<Long> pids) {
        Map<Long, StoredVersion> found = new HashMap<>();
        if (pids.isEmpty()) return found;
        jdbc.query("select " + VERSION_COLUMNS + " from resource r"
                        + " join resource_version v on v.pid = r.pid and v.version = r.version"
                        + " where r.pid = any (?) and not r.deleted",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", pids.toArray())),
                rs -> {
                    StoredVersion v = mapVersion(rs, 0);
                    found.put(v.pid(), v);
                });
        return found;
    }

    /** Current, not deleted versions of the given (type, id) pairs. */
    public List<StoredVersion> readCurrentByTypeAndId(List<String> types, List<String> ids) {
        if (types.isEmpty()) return List.of();
        return jdbc.query("select " + VERSION_COLUMNS + " from resource r"
                        + " join resource_version v on v.pid = r.pid and v.version = r.version"
                        + " where (r.res_type, r.res_id) in (select * from unnest(?::varchar[], ?::varchar[])) and not r.deleted",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar", types.toArray()));
                    ps.setArray(2, ps.getConnection().createArrayOf("varchar", ids.toArray()));
                },
                VERSION_MAPPER);
    }

    /** Versions newest first, for _history at instance, type or system level. */
    public List<StoredVersion> history(HistoryQuery q) {
        StringBuilder sql = new StringBuilder("select " + VERSION_COLUMNS
                + " from resource_version v join resource r on r.pid = v.pid where true");
        List<Object> args = new ArrayList<>();
        if (q.type() != null) {
            sql.append(" and v.res_type = ?");
            args.add(q.type());
        }
        if (q.id() != null) {
            sql.append(" and r.res_id = ?");
            args.add(q.id());
        }
        if (q.since() != null) {
            sql.append(" and v.last_updated >= ?");
            args.add(Timestamp.from(q.since()));
        }
        if (q.at() != null) {
            sql.append(" and v.last_updated <= ?");
            args.add(Timestamp.from(q.at()));
        }
        sql.append(" order by v.last_updated desc, v.pid desc, v.version desc offset ? limit ?");
        args.add(q.offset());
        args.add(q.limit());
        return jdbc.query(sql.toString(), VERSION_MAPPER, args.toArray());
    }

    private static StoredVersion mapVersion(ResultSet rs, int row) throws SQLException {
        return new StoredVersion(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7));
    }
}
