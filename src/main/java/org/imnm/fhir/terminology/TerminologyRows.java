package org.imnm.fhir.terminology;

import static org.imnm.fhir.store.UnnestInsert.column;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.MetadataResource;
import org.imnm.fhir.store.DerivedRows;
import org.imnm.fhir.store.UnnestInsert;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the terminology tables in step with CodeSystem, ValueSet and ConceptMap writes, inside the
 * writer's transaction. Concepts go in with one statement per table (arrays unnested by Postgres), so a
 * 100,000-concept CodeSystem is a handful of round trips.
 */
@Component
class TerminologyRows implements DerivedRows {

    /** The canonical resources resolved by url here (StructureDefinition: for the validator to find profiles). */
    static final List<String> TYPES = List.of("CodeSystem", "ValueSet", "ConceptMap", "StructureDefinition");

    private static final int ANALYZE_AFTER = 5000;

    private final JdbcTemplate jdbc;
    private final TerminologyCache cache;

    TerminologyRows(JdbcTemplate jdbc, TerminologyCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    /** This instance's cached lookups go once the write is visible (other instances notice by polling). */
    private void invalidateAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            cache.invalidate();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                cache.invalidate();
            }
        });
    }

    @Override
    public void indexNew(List<Long> pids, List<? extends IBaseResource> resources) {
        for (int i = 0; i < pids.size(); i++) {
            IBaseResource r = resources.get(i);
            if (!TYPES.contains(r.fhirType())) continue;
            MetadataResource m = (MetadataResource) r;
            if (!m.hasUrl()) continue; // not addressable by canonical url: nothing to resolve
            invalidateAfterCommit();
            long pid = pids.get(i);
            CodeSystem cs = r instanceof CodeSystem c ? c : null;
            jdbc.update("insert into term_canonical (pid, res_type, url, version, content, case_sensitive, name,"
                    + " last_updated) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    pid, r.fhirType(), m.getUrl(), m.getVersion(),
                    cs != null && cs.hasContent() ? cs.getContent().toCode() : null,
                    cs != null && cs.hasCaseSensitive() ? cs.getCaseSensitive() : null,
                    m.getName(), Timestamp.from(m.getMeta().getLastUpdated().toInstant()));
            if (cs != null) writeConcepts(pid, ConceptRows.of(cs));
            if (r instanceof ConceptMap map) writeMap(pid, map);
        }
    }

    @Override
    public void remove(long pid, String resourceType) {
        if (!TYPES.contains(resourceType)) return;
        invalidateAfterCommit();
        if (resourceType.equals("CodeSystem")) jdbc.update("delete from term_concept where cs_pid = ?", pid);
        if (resourceType.equals("ConceptMap")) jdbc.update("delete from term_map_element where map_pid = ?", pid);
        jdbc.update("delete from term_canonical where pid = ?", pid);
    }

    private void writeConcepts(long pid, ConceptRows rows) {
        if (rows.concepts.isEmpty()) return;
        int n = rows.concepts.size();
        Integer[] seq = new Integer[n];
        String[] code = new String[n], display = new String[n], definition = new String[n], search = new String[n];
        Boolean[] inactive = new Boolean[n];
        for (int i = 0; i < n; i++) {
            var c = rows.concepts.get(i);
            seq[i] = c.seq();
            code[i] = c.code();
            display[i] = c.display();
            definition[i] = c.definition();
            inactive[i] = c.inactive();
            search[i] = c.searchText();
        }
        Map<String, Long> ids = new HashMap<>(n * 2);
        jdbc.query("insert into term_concept (cs_pid, seq, code, display, definition, inactive, search)"
                + " select ?, s, c, d, def, ina, to_tsvector('simple', t)"
                + " from unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[]) as u(s, c, d, def, ina, t)"
                + " returning id, code",
                rs -> {
                    ids.put(rs.getString(2), rs.getLong(1));
                }, pid, seq, code, display, definition, inactive, search);

        new UnnestInsert<ConceptRows.ParentLink>("term_concept_parent", List.of(
                column("child_id", "bigint", l -> ids.get(l.child())),
                column("parent_id", "bigint", l -> ids.get(l.parent())))).insert(jdbc, List.copyOf(rows.parents));
        writeDesignations(rows, ids);
        writeProperties(rows, ids);
        if (n >= ANALYZE_AFTER) analyzeAfterCommit();
    }

    /**
     * A large CodeSystem changes the concept tables' statistics at once; until autovacuum notices, the
     * planner would think they are small and pick slow plans. Fresh statistics once the rows are visible.
     */
    private void analyzeAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                jdbc.execute("analyze term_concept, term_concept_parent, term_concept_designation, term_concept_property");
            }
        });
    }

    private void writeDesignations(ConceptRows rows, Map<String, Long> ids) {
        new UnnestInsert<ConceptRows.Designation>("term_concept_designation", List.of(
                column("concept_id", "bigint", d -> ids.get(d.code())),
                column("language", "text", ConceptRows.Designation::language),
                column("use_system", "text", ConceptRows.Designation::useSystem),
                column("use_code", "text", ConceptRows.Designation::useCode),
                column("use_display", "text", ConceptRows.Designation::useDisplay),
                column("value", "text", ConceptRows.Designation::value))).insert(jdbc, rows.designations);
    }

    private void writeProperties(ConceptRows rows, Map<String, Long> ids) {
        new UnnestInsert<ConceptRows.Property>("term_concept_property", List.of(
                column("concept_id", "bigint", p -> ids.get(p.code())),
                column("code", "text", ConceptRows.Property::property),
                column("value_type", "text", ConceptRows.Property::type),
                column("value", "text", ConceptRows.Property::value),
                column("value_system", "text", ConceptRows.Property::system),
                column("value_display", "text", ConceptRows.Property::display))).insert(jdbc, rows.properties);
    }

    private void writeMap(long pid, ConceptMap map) {
        List<Object[]> rows = new ArrayList<>();
        for (var group : map.getGroup()) {
            for (var element : group.getElement()) {
                if (!element.hasCode()) continue;
                for (var target : element.getTarget()) {
                    rows.add(new Object[] {pid, group.getSource(), group.getSourceVersion(), element.getCode(),
                            element.getDisplay(), group.getTarget(), group.getTargetVersion(),
                            target.getCode(), target.getDisplay(),
                            target.hasEquivalence() ? target.getEquivalence().toCode() : "equivalent", target.getComment()});
                }
            }
        }
        MAP_ELEMENTS.insert(jdbc, rows);
    }

    /** Rows as writeMap builds them. */
    private static final UnnestInsert<Object[]> MAP_ELEMENTS = UnnestInsert.ofArrays("term_map_element",
            "map_pid", "bigint", "source_system", "text", "source_version", "text", "source_code", "text",
            "source_display", "text", "target_system", "text", "target_version", "text", "target_code", "text",
            "target_display", "text", "equivalence", "text", "comment", "text");
}
