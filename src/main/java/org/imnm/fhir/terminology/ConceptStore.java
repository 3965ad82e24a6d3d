package org.imnm.fhir.terminology;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the terminology tables: canonical resolution, concepts, their designations, properties and hierarchy. */
@Component
class ConceptStore {

    record Designation(String language, String useSystem, String useCode, String useDisplay, String value) {}

    record Property(String code, String type, String value, String system, String display) {}

    private final JdbcTemplate jdbc;
    private final TerminologyCache cache;

    ConceptStore(JdbcTemplate jdbc, TerminologyCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    private record ResolveKey(String type, String url, String version) {}

    private record ConceptKey(long csPid, String code) {}

    /**
     * The resource a canonical url (and version, if given) names. Without a version the newest wins:
     * the highest version, comparing dotted numbers numerically, ties by last update.
     */
    Optional<Canonical> resolve(String type, String url, String version) {
        if (url == null) return Optional.empty();
        return cache.get(new ResolveKey(type, url, version), () -> resolveNow(type, url, version));
    }

    private Optional<Canonical> resolveNow(String type, String url, String version) {
        List<Canonical> found = jdbc.query("select t.pid, t.res_type, r.res_id, t.url, t.version, t.content,"
                + " t.case_sensitive, t.name, t.last_updated from term_canonical t join resource r on r.pid = t.pid"
                + " where t.res_type = ? and t.url = ?" + (version != null ? " and t.version = ?" : ""),
                ConceptStore::canonical, version != null ? new Object[] {type, url, version} : new Object[] {type, url});
        return found.stream().max(Comparator.comparing(Canonical::version, Versions::compare)
                .thenComparing(Canonical::lastUpdated));
    }

    Optional<Canonical> byResourceId(String type, String id) {
        return jdbc.query("select t.pid, t.res_type, r.res_id, t.url, t.version, t.content, t.case_sensitive, t.name,"
                + " t.last_updated from term_canonical t join resource r on r.pid = t.pid"
                + " where r.res_type = ? and r.res_id = ?", ConceptStore::canonical, type, id).stream().findFirst();
    }

    Optional<Concept> concept(Canonical cs, String code) {
        return cache.get(new ConceptKey(cs.pid(), code), () -> conceptNow(cs, code));
    }

    private Optional<Concept> conceptNow(Canonical cs, String code) {
        String match = cs.isCaseSensitive() ? "c.code = ?" : "lower(c.code) = lower(?)";
        return jdbc.query("select c.id, c.code, c.display, c.definition, c.inactive from term_concept c"
                + " where c.cs_pid = ? and " + match, ConceptStore::concept, cs.pid(), code).stream().findFirst();
    }

    List<Designation> designations(long conceptId) {
        return designations(List.of(conceptId)).getOrDefault(conceptId, List.of());
    }

    /** The designations of several concepts, by concept id, in one query. */
    Map<Long, List<Designation>> designations(List<Long> conceptIds) {
        Map<Long, List<Designation>> out = new HashMap<>();
        if (conceptIds.isEmpty()) return out;
        jdbc.query("select concept_id, language, use_system, use_code, use_display, value from term_concept_designation"
                + " where concept_id = any (?)", rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Designation(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }, (Object) conceptIds.toArray(Long[]::new));
        return out;
    }

    /** child concept id to its parents' ids, among the given concepts only (for a nested expansion). */
    Map<Long, List<Long>> parentsWithin(List<Long> conceptIds) {
        Map<Long, List<Long>> out = new HashMap<>();
        if (conceptIds.isEmpty()) return out;
        Long[] ids = conceptIds.toArray(Long[]::new);
        jdbc.query("select child_id, parent_id from term_concept_parent where child_id = any (?) and parent_id = any (?)",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }, ids, ids);
        return out;
    }

    /** Everything $lookup shows about a concept besides its own row. */
    record Details(List<Designation> designations, List<Property> properties, List<Concept> parents,
            List<Concept> children) {}

    /** Designations, properties, parents and children of a concept in one round trip. */
    Details details(long conceptId) {
        Details d = new Details(new java.util.ArrayList<>(), new java.util.ArrayList<>(), new java.util.ArrayList<>(),
                new java.util.ArrayList<>());
        jdbc.query("select 'd', language, use_system, use_code, use_display, value, 0 from term_concept_designation"
                + " where concept_id = ?"
                + " union all select 'p', code, value_type, value, value_system, value_display, 0 from term_concept_property"
                + " where concept_id = ?"
                + " union all select 'u', c.code, c.display, null, null, null, c.seq from term_concept_parent p"
                + " join term_concept c on c.id = p.parent_id where p.child_id = ?"
                + " union all select 'c', c.code, c.display, null, null, null, c.seq from term_concept_parent p"
                + " join term_concept c on c.id = p.child_id where p.parent_id = ? order by 1, 7", rs -> {
                    switch (rs.getString(1)) {
                        case "d" -> d.designations().add(new Designation(rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                        case "p" -> d.properties().add(new Property(rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                        case "u" -> d.parents().add(new Concept(0, rs.getString(2), rs.getString(3), null, false));
                        default -> d.children().add(new Concept(0, rs.getString(2), rs.getString(3), null, false));
                    }
                }, conceptId, conceptId, conceptId, conceptId);
        return d;
    }

    /** Whether {@code ancestor} is {@code descendant} or above it in the is-a hierarchy. */
    boolean subsumes(long ancestor, long descendant) {
        if (ancestor == descendant) return true;
        Boolean found = jdbc.queryForObject("with recursive up(id) as (select parent_id from term_concept_parent"
                + " where child_id = ? union select p.parent_id from term_concept_parent p join up on p.child_id = up.id)"
                + " select exists (select 1 from up where id = ?)", Boolean.class, descendant, ancestor);
        return Boolean.TRUE.equals(found);
    }

    private static Canonical canonical(ResultSet rs, int i) throws SQLException {
        return new Canonical(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), (Boolean) rs.getObject(7), rs.getString(8), rs.getTimestamp(9).toInstant());
    }

    private static Concept concept(ResultSet rs, int i) throws SQLException {
        return new Concept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));
    }
}
