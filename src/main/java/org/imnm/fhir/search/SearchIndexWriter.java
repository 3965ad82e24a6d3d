package org.imnm.fhir.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imnm.fhir.store.DerivedRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the index tables in step with the store. Runs inside the caller's transaction, so a rolled-back
 * write leaves no index rows behind.
 */
@Component
public class SearchIndexWriter implements DerivedRows {

    /** Postgres' timestamptz range; open Period ends are stored as its infinities. */
    private static final Timestamp MINUS_INFINITY = new Timestamp(org.postgresql.PGStatement.DATE_NEGATIVE_INFINITY);
    private static final Timestamp PLUS_INFINITY = new Timestamp(org.postgresql.PGStatement.DATE_POSITIVE_INFINITY);

    private final JdbcTemplate jdbc;
    private final IndexExtractor extractor;

    SearchIndexWriter(JdbcTemplate jdbc, IndexExtractor extractor) {
        this.jdbc = jdbc;
        this.extractor = extractor;
    }

    /** Writes the index rows of resources that have none yet: one batch per index table. */
    @Override
    public void indexNew(List<Long> pids, List<? extends IBaseResource> resources) {
        List<Object[]> tokens = new ArrayList<>(), strings = new ArrayList<>(), dates = new ArrayList<>(),
                references = new ArrayList<>(), quantities = new ArrayList<>(), uris = new ArrayList<>(),
                composites = new ArrayList<>(), positions = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            IBaseResource resource = resources.get(i);
            long pid = pids.get(i);
            String type = resource.fhirType();
            IndexRows rows = extractor.extract(resource);
            rows.tokens.forEach(t -> tokens.add(new Object[] {pid, type, t.param(), t.system(), t.code(), t.text(),
                    t.typeSystem(), t.typeCode()}));
            rows.strings.forEach(s -> strings.add(new Object[] {pid, type, s.param(), s.normalized(), s.exact()}));
            rows.dates.forEach(d -> dates.add(new Object[] {pid, type, d.param(), ts(d.low()), ts(d.high())}));
            rows.quantities.forEach(q -> quantities.add(new Object[] {pid, type, q.param(), q.value(), q.system(),
                    q.code(), q.unit(), q.canonicalValue(), q.canonicalCode()}));
            rows.uris.forEach(u -> uris.add(new Object[] {pid, type, u.param(), u.value()}));
            rows.composites.forEach(c -> composites.add(new Object[] {pid, type, c.param(), c.system(), c.code(),
                    c.valueSystem(), c.valueCode(), c.value(), c.canonicalValue(), c.canonicalCode(), c.unit(),
                    c.low() == null ? null : ts(c.low()), c.high() == null ? null : ts(c.high()), c.valueNorm(),
                    c.valueExact()}));
            rows.positions.forEach(g -> positions.add(new Object[] {pid, type, g.param(), g.latitude(), g.longitude()}));
            rows.references.forEach(r -> references.add(
                    new Object[] {pid, type, r.param(), r.targetType(), r.targetId(), r.url()}));
        }
        insert("insert into idx_token (pid, res_type, param, system, code, text_norm, type_system, type_code)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", tokens);
        insert("insert into idx_string (pid, res_type, param, value_norm, value_exact) values (?, ?, ?, ?, ?)", strings);
        insert("insert into idx_date (pid, res_type, param, low, high) values (?, ?, ?, ?, ?)", dates);
        insert("insert into idx_reference (pid, res_type, param, target_type, target_id, url) values (?, ?, ?, ?, ?, ?)",
                references);
        insert("insert into idx_quantity (pid, res_type, param, value, system, code, unit, canonical_value, canonical_code)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)", quantities);
        insert("insert into idx_uri (pid, res_type, param, value) values (?, ?, ?, ?)", uris);
        insert("insert into idx_composite (pid, res_type, param, system, code, value_system, value_code, value,"
                + " canonical_value, canonical_code, unit, low, high, value_norm, value_exact)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", composites);
        insert("insert into idx_position (pid, res_type, param, latitude, longitude) values (?, ?, ?, ?, ?)", positions);
    }

    @Override
    public void remove(long pid, String resourceType) {
        remove(pid);
    }

    /** Removes a resource from every index (it was deleted, or is about to be re-indexed). */
    public void remove(long pid) {
        jdbc.update(REMOVE, pid);
    }

    private static final List<String> TABLES = List.of("idx_token", "idx_string", "idx_date", "idx_reference",
            "idx_quantity", "idx_uri", "idx_position", "idx_composite");

    /** One statement for every index table (an update used to make one round trip per table). */
    private static final String REMOVE = "with p(pid) as (select ?::bigint)"
            + TABLES.subList(0, TABLES.size() - 1).stream()
                    .map(t -> ", d_" + t + " as (delete from " + t + " where pid = (select pid from p))")
                    .collect(java.util.stream.Collectors.joining())
            + " delete from " + TABLES.get(TABLES.size() - 1) + " where pid = (select pid from p)";

    private void insert(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) jdbc.batchUpdate(sql, rows);
    }

    private static Timestamp ts(Instant instant) {
        if (instant == Instant.MIN) return MINUS_INFINITY;
        if (instant == Instant.MAX) return PLUS_INFINITY;
        return Timestamp.from(instant);
    }
}
