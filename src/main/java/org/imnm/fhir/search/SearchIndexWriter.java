package org.imnm.fhir.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imnm.fhir.store.DerivedRows;
import org.imnm.fhir.store.UnnestInsert;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the index tables in step with the store. Runs inside the caller's transaction, so a rolled-back
 * write leaves no index rows behind.
 */
@Component
public class SearchIndexWriter implements DerivedRows {

    private final JdbcTemplate jdbc;
    private final IndexExtractor extractor;

    SearchIndexWriter(JdbcTemplate jdbc, IndexExtractor extractor) {
        this.jdbc = jdbc;
        this.extractor = extractor;
    }

    /** Writes the index rows of resources that have none yet: one batch per index table. */
    @Override
    public void indexNew(List<Long> pids, List<? extends IBaseResource> resources) {
        TableRows rows = rowsOf(pids, resources);
        for (int t = 0; t < INSERTS.size(); t++) INSERTS.get(t).insert(jdbc, rows.byTable.get(t));
    }

    /**
     * Makes the index rows of {@code pids} those of {@code resources} (null where a resource is gone),
     * rewriting only the rows that changed: a re-index of unchanged data writes nothing, so it does not
     * leave the index B-trees twice their size.
     */
    public void replace(List<Long> pids, List<? extends IBaseResource> resources) {
        List<Long> present = new ArrayList<>();
        List<IBaseResource> current = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            if (resources.get(i) == null) continue;
            present.add(pids.get(i));
            current.add(resources.get(i));
        }
        TableRows rows = rowsOf(present, current);
        for (int t = 0; t < INSERTS.size(); t++) INSERTS.get(t).replace(jdbc, pids, rows.byTable.get(t));
    }

    /** Each index table's rows (in {@link #INSERTS} order), in its insert's column order. */
    private record TableRows(List<List<Object[]>> byTable) {}

    private TableRows rowsOf(List<Long> pids, List<? extends IBaseResource> resources) {
        List<Object[]> tokens = new ArrayList<>(), strings = new ArrayList<>(), dates = new ArrayList<>(),
                references = new ArrayList<>(), quantities = new ArrayList<>(), uris = new ArrayList<>(),
                composites = new ArrayList<>(), positions = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            IBaseResource resource = resources.get(i);
            long pid = pids.get(i);
            String type = resource.fhirType();
            IndexRows rows = extractor.extract(resource);
            // only date and quantity rows carry them
            String tokenKeys = rows.dates.isEmpty() && rows.quantities.isEmpty() ? null : TokenKeys.arrayOf(rows.tokens);
            rows.tokens.forEach(t -> tokens.add(new Object[] {pid, type, t.param(), t.system(), t.code(), t.text(),
                    t.typeSystem(), t.typeCode()}));
            rows.strings.forEach(s -> strings.add(new Object[] {pid, type, s.param(), s.normalized(), s.exact()}));
            rows.dates.forEach(d -> dates.add(new Object[] {pid, type, d.param(), ts(d.low()), ts(d.high()), tokenKeys}));
            rows.quantities.forEach(q -> quantities.add(new Object[] {pid, type, q.param(), q.value(), q.system(),
                    q.code(), q.unit(), q.canonicalValue(), q.canonicalCode(), tokenKeys}));
            rows.uris.forEach(u -> uris.add(new Object[] {pid, type, u.param(), u.value()}));
            rows.composites.forEach(c -> composites.add(new Object[] {pid, type, c.param(), c.system(), c.code(),
                    c.valueSystem(), c.valueCode(), c.value(), c.canonicalValue(), c.canonicalCode(), c.unit(),
                    c.low() == null ? null : ts(c.low()), c.high() == null ? null : ts(c.high()), c.valueNorm(),
                    c.valueExact()}));
            rows.positions.forEach(g -> positions.add(new Object[] {pid, type, g.param(), g.latitude(), g.longitude()}));
            rows.references.forEach(r -> references.add(
                    new Object[] {pid, type, r.param(), r.targetType(), r.targetId(), r.url()}));
        }
        return new TableRows(List.of(tokens, strings, dates, references, quantities, uris, composites, positions));
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

    // Each index table's insert; indexNew builds the rows with the values in this column order. Date and
    // quantity rows carry their resource's token keys (TokenKeys), for searches ANDing codes with them.
    private static final UnnestInsert<Object[]> TOKEN = UnnestInsert.ofArrays(
            "idx_token", "pid", "int8", "res_type", "text", "param", "text", "system", "text", "code", "text",
            "text_norm", "text", "type_system", "text", "type_code", "text");
    private static final UnnestInsert<Object[]> STRING = UnnestInsert.ofArrays(
            "idx_string", "pid", "int8", "res_type", "text", "param", "text", "value_norm", "text",
            "value_exact", "text");
    private static final UnnestInsert<Object[]> DATE = UnnestInsert.ofArrays(
            "idx_date", "pid", "int8", "res_type", "text", "param", "text", "low", "timestamptz",
            "high", "timestamptz", "tokens", "int8[]");
    private static final UnnestInsert<Object[]> REFERENCE = UnnestInsert.ofArrays(
            "idx_reference", "pid", "int8", "res_type", "text", "param", "text", "target_type", "text",
            "target_id", "text", "url", "text");
    private static final UnnestInsert<Object[]> QUANTITY = UnnestInsert.ofArrays(
            "idx_quantity", "pid", "int8", "res_type", "text", "param", "text", "value", "numeric", "system", "text",
            "code", "text", "unit", "text", "canonical_value", "numeric", "canonical_code", "text",
            "tokens", "int8[]");
    private static final UnnestInsert<Object[]> URI = UnnestInsert.ofArrays(
            "idx_uri", "pid", "int8", "res_type", "text", "param", "text", "value", "text");
    private static final UnnestInsert<Object[]> COMPOSITE = UnnestInsert.ofArrays(
            "idx_composite", "pid", "int8", "res_type", "text", "param", "text", "system", "text", "code", "text",
            "value_system", "text", "value_code", "text", "value", "numeric", "canonical_value", "numeric",
            "canonical_code", "text", "unit", "text", "low", "timestamptz", "high", "timestamptz",
            "value_norm", "text", "value_exact", "text");
    private static final UnnestInsert<Object[]> POSITION = UnnestInsert.ofArrays(
            "idx_position", "pid", "int8", "res_type", "text", "param", "text", "latitude", "float8",
            "longitude", "float8");

    private static final List<UnnestInsert<Object[]>> INSERTS =
            List.of(TOKEN, STRING, DATE, REFERENCE, QUANTITY, URI, COMPOSITE, POSITION);

    /** The text form {@link UnnestInsert} takes for timestamptz; open Period ends are Postgres' infinities. */
    private static String ts(Instant instant) {
        if (instant == Instant.MIN) return "-infinity";
        if (instant == Instant.MAX) return "infinity";
        return instant.toString();
    }
}
