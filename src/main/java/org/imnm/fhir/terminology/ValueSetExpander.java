package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Expands value sets and answers whether a code is in one, by running {@link ExpansionQuery}'s SQL. */
@Component
class ValueSetExpander {

    record Page(List<Member> members, int total) {}

    private final JdbcTemplate jdbc;
    private final ConceptStore concepts;
    // Reads stored value sets directly (not through ResourceService): the validator uses this class, and
    // writes use the validator.
    private final StoredCanonicals canonicals;
    private final int maxExpansionSize;

    ValueSetExpander(JdbcTemplate jdbc, ConceptStore concepts, StoredCanonicals canonicals,
            @Value("${imnm.terminology.max-expansion-size:10000}") int maxExpansionSize) {
        this.jdbc = jdbc;
        this.concepts = concepts;
        this.canonicals = canonicals;
        this.maxExpansionSize = maxExpansionSize;
    }

    /** A stored ValueSet by canonical url (and version); 404 when there is none. */
    ValueSet resolve(String url, String version) {
        return find(url, version).orElseThrow(() -> new ResourceNotFoundException(
                "No ValueSet with url '" + url + "'" + (version != null ? " and version '" + version + "'" : "")));
    }

    /** By a canonical, "url" or "url|version"; 404 when there is none. */
    ValueSet resolve(String canonical) {
        return canonicals.find("ValueSet", ValueSet.class, canonical).orElseThrow(() -> new ResourceNotFoundException(
                "No ValueSet with url '" + canonical + "'"));
    }

    Optional<ValueSet> find(String url, String version) {
        return canonicals.find("ValueSet", ValueSet.class, url, version);
    }

    /**
     * One page of the expansion; without a count the whole expansion, refused (too costly) above the
     * configured size.
     */
    Page expand(ValueSet vs, String filter, boolean activeOnly, Integer count, int offset) {
        if (offset < 0 || (count != null && count < 0)) {
            throw new InvalidRequestException("$expand: offset and count must not be negative");
        }
        ExpansionQuery q = newQuery();
        String members = q.compile(vs, new ExpansionQuery.Scope(TextFilter.prefixQuery(filter), activeOnly, null, null));
        int limit = count != null ? count : maxExpansionSize + 1;
        String sql = "select x.system, x.version, x.code, x.display, x.concept_id, x.inactive, count(*) over () from ("
                + members + ") x order by x.o1, x.o2, x.code limit ? offset ?";
        List<Object> args = new ArrayList<>(q.args);
        args.add(limit);
        args.add(offset);
        int[] total = {0};
        List<Member> rows = run(vs, () -> jdbc.query(sql, (rs, i) -> {
            total[0] = rs.getInt(7);
            return new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    (Long) rs.getObject(5), rs.getBoolean(6));
        }, args.toArray()));
        if (rows.isEmpty() && offset > 0) total[0] = count(members, q.args, vs);
        if (count == null && rows.size() > maxExpansionSize) {
            OperationOutcome oo = new OperationOutcome();
            oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.TOOCOSTLY)
                    .setDiagnostics("The expansion of ValueSet '" + vs.getUrl() + "' has more than " + maxExpansionSize
                            + " codes (the configured limit); ask for pages with count and offset, or narrow it with filter");
            throw new InvalidRequestException("Expansion too large", oo);
        }
        return new Page(rows, total[0]);
    }

    /** The member with this system and code, if the value set has it. */
    Optional<Member> member(ValueSet vs, String system, String code) {
        ExpansionQuery q = newQuery();
        String members = q.compile(vs, new ExpansionQuery.Scope(null, false, system, code));
        String sql = "select x.system, x.version, x.code, x.display, x.concept_id, x.inactive from (" + members
                + ") x limit 1";
        return run(vs, () -> jdbc.query(sql, (rs, i) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), (Long) rs.getObject(5), rs.getBoolean(6)), q.args.toArray())).stream().findFirst();
    }

    /** Designations of the given members whose code system is stored here, by concept id. */
    Map<Long, List<ConceptStore.Designation>> designations(List<Member> members) {
        return concepts.designations(conceptIds(members));
    }

    /** child concept id to its parents' ids, among the given members only. */
    Map<Long, List<Long>> parentsWithin(List<Member> members) {
        return concepts.parentsWithin(conceptIds(members));
    }

    private static List<Long> conceptIds(List<Member> members) {
        return members.stream().map(Member::conceptId).filter(java.util.Objects::nonNull).toList();
    }

    private int count(String members, List<Object> args, ValueSet vs) {
        Integer n = run(vs, () -> jdbc.queryForObject("select count(*) from (" + members + ") x", Integer.class,
                args.toArray()));
        return n == null ? 0 : n;
    }

    private ExpansionQuery newQuery() {
        return new ExpansionQuery(concepts, this::referenced);
    }

    private ValueSet referenced(CanonicalType ref) {
        String value = ref.getValue();
        return canonicals.find("ValueSet", ValueSet.class, value).orElseThrow(() -> new UnprocessableEntityException(
                "Cannot expand: the value set refers to ValueSet '" + value + "', which this server does not hold"));
    }

    /** A regex Postgres rejects is the client's mistake (400), not a server error. */
    private static <T> T run(ValueSet vs, java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (DataAccessException e) {
            var root = e.getMostSpecificCause();
            if (root instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                throw new InvalidRequestException("Cannot expand ValueSet '" + vs.getUrl() + "': " + root.getMessage());
            }
            throw e;
        }
    }
}
