package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.imnm.fhir.search.CodeTranslations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** ConceptMap {@code $translate} over the flattened map elements, forwards or (reverse) backwards. */
@Service
public class ConceptMapTranslator implements CodeTranslations {

    /** One way a coding maps, with the map that says so. */
    public record Match(String equivalence, String system, String version, String code, String display, String mapUrl,
            String comment) {}

    private static final Set<String> NOT_A_MATCH = Set.of("unmatched", "disjoint");

    private final JdbcTemplate jdbc;

    ConceptMapTranslator(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The targets of {@code system|code}, in every stored map or in {@code mapPid} alone, optionally only
     * those in {@code targetSystem}. {@code reverse} reads the maps from target to source.
     */
    public List<Match> translate(String system, String code, Long mapPid, String targetSystem, boolean reverse) {
        String from = reverse ? "target" : "source", to = reverse ? "source" : "target";
        StringBuilder sql = new StringBuilder("select e.equivalence, e." + to + "_system, e." + to + "_version, e." + to
                + "_code, e." + to + "_display, t.url, e.comment from term_map_element e join term_canonical t on t.pid = e.map_pid"
                + " where e." + from + "_code = ?");
        List<Object> args = new ArrayList<>(List.of(code));
        if (system != null) {
            sql.append(" and e.").append(from).append("_system = ?");
            args.add(system);
        }
        if (mapPid != null) {
            sql.append(" and e.map_pid = ?");
            args.add(mapPid);
        }
        if (targetSystem != null) {
            sql.append(" and e.").append(to).append("_system = ?");
            args.add(targetSystem);
        }
        sql.append(" order by t.url, e.").append(to).append("_code");
        return jdbc.query(sql.toString(), (rs, i) -> new Match(
                reverse ? reversed(rs.getString(1)) : rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), args.toArray());
    }

    @Override
    public List<String> related(String system, String code) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (boolean reverse : new boolean[] {false, true}) {
            translate(system, code, null, null, reverse).stream()
                    .filter(m -> m.code() != null && m.system() != null && !NOT_A_MATCH.contains(m.equivalence()))
                    .forEach(m -> out.add(m.system() + "|" + m.code()));
        }
        return List.copyOf(out);
    }

    Parameters translateToParameters(List<Coding> codings, Long mapPid, String targetSystem, boolean reverse) {
        if (codings.isEmpty()) {
            throw new InvalidRequestException("$translate needs 'code' and 'system', a 'coding' or a 'codeableConcept'");
        }
        List<Match> matches = new ArrayList<>();
        for (Coding c : codings) {
            if (c.hasCode()) matches.addAll(translate(c.getSystem(), c.getCode(), mapPid, targetSystem, reverse));
        }
        boolean result = matches.stream().anyMatch(m -> !NOT_A_MATCH.contains(m.equivalence()));
        Parameters out = new Parameters();
        out.addParameter("result", new BooleanType(result));
        if (!result) {
            out.addParameter("message", new StringType("No mapping found for " + codings.stream()
                    .map(c -> (c.hasSystem() ? c.getSystem() + "|" : "") + c.getCode()).toList()
                    + (targetSystem != null ? " to " + targetSystem : "")));
        }
        for (Match m : matches) {
            var p = out.addParameter().setName("match");
            p.addPart().setName("equivalence").setValue(new CodeType(m.equivalence()));
            if (m.code() != null) {
                Coding target = new Coding(m.system(), m.code(), m.display());
                if (m.version() != null) target.setVersion(m.version());
                p.addPart().setName("concept").setValue(target);
            }
            p.addPart().setName("source").setValue(new UriType(m.mapUrl()));
            if (m.comment() != null) p.addPart().setName("message").setValue(new StringType(m.comment()));
        }
        return out;
    }

    /** Read backwards, a narrower target is a wider source (and so on); the rest are symmetric. */
    private static String reversed(String equivalence) {
        return switch (equivalence) {
            case "wider" -> "narrower";
            case "narrower" -> "wider";
            case "subsumes" -> "specializes";
            case "specializes" -> "subsumes";
            default -> equivalence;
        };
    }
}
