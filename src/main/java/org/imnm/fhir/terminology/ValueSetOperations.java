package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Service;

/** ValueSet {@code $expand} and {@code $validate-code}. */
@Service
class ValueSetOperations {

    /** {@code nested}: the hierarchy in {@code contains} (asked with excludeNested=false; not with paging). */
    record ExpandRequest(String filter, boolean activeOnly, Integer count, int offset, boolean includeDesignations,
            String displayLanguage, boolean nested) {}

    private final ValueSetExpander expander;
    private final ConceptStore concepts;

    ValueSetOperations(ValueSetExpander expander, ConceptStore concepts) {
        this.expander = expander;
        this.concepts = concepts;
    }

    ValueSet resolve(String url, String version) {
        return expander.resolve(url, version);
    }

    /** By a canonical, "url" or "url|version"; 404 when there is none. */
    ValueSet resolve(String canonical) {
        return expander.resolve(canonical);
    }

    ValueSet expand(ValueSet vs, ExpandRequest req) {
        ValueSetExpander.Page page = expander.expand(vs, req.filter(), req.activeOnly(), req.count(), req.offset());
        ValueSet out = new ValueSet();
        out.setId(vs.getIdElement().getIdPart());
        out.setUrl(vs.getUrl());
        out.setVersion(vs.getVersion());
        out.setName(vs.getName());
        out.setTitle(vs.getTitle());
        out.setStatus(vs.getStatus());
        var expansion = out.getExpansion();
        expansion.setIdentifier("urn:uuid:" + UUID.randomUUID());
        expansion.setTimestamp(new Date());
        expansion.setTotal(page.total());
        expansion.setOffset(req.offset());
        if (req.filter() != null) expansion.addParameter().setName("filter").setValue(new StringType(req.filter()));
        if (req.count() != null) expansion.addParameter().setName("count").setValue(new IntegerType(req.count()));
        expansion.addParameter().setName("offset").setValue(new IntegerType(req.offset()));
        if (req.activeOnly()) expansion.addParameter().setName("activeOnly").setValue(new BooleanType(true));
        if (req.displayLanguage() != null) {
            expansion.addParameter().setName("displayLanguage").setValue(new StringType(req.displayLanguage()));
        }
        page.members().stream().map(m -> m.system() + (m.version() != null ? "|" + m.version() : "")).distinct()
                .forEach(v -> expansion.addParameter().setName("used-codesystem").setValue(new UriType(v)));
        boolean needDesignations = req.includeDesignations() || req.displayLanguage() != null;
        Map<Long, List<ConceptStore.Designation>> designations = needDesignations
                ? expander.designations(page.members()) : Map.of();
        if (req.nested()) {
            if (req.count() != null || req.offset() > 0) {
                throw new InvalidRequestException("excludeNested=false (a hierarchical expansion) cannot be paged:"
                        + " leave out count and offset");
            }
            expansion.addParameter().setName("excludeNested").setValue(new BooleanType(false));
        }
        Map<Long, List<Long>> parents = req.nested() ? expander.parentsWithin(page.members()) : Map.of();
        Map<Long, ValueSet.ValueSetExpansionContainsComponent> placed = new java.util.HashMap<>();
        for (Member m : page.members()) {
            ValueSet.ValueSetExpansionContainsComponent parent = m.conceptId() == null ? null
                    : parents.getOrDefault(m.conceptId(), List.of()).stream().map(placed::get)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            var c = (parent != null ? parent.addContains() : expansion.addContains())
                    .setSystem(m.system()).setCode(m.code()).setDisplay(m.display());
            if (m.conceptId() != null) placed.put(m.conceptId(), c);
            if (m.version() != null) c.setVersion(m.version());
            if (m.inactive()) c.setInactive(true);
            List<ConceptStore.Designation> ds = m.conceptId() == null ? List.of()
                    : designations.getOrDefault(m.conceptId(), List.of());
            if (req.displayLanguage() != null) {
                ds.stream().filter(d -> languageMatches(d.language(), req.displayLanguage())).findFirst()
                        .ifPresent(d -> c.setDisplay(d.value()));
            }
            if (req.includeDesignations()) {
                for (ConceptStore.Designation d : ds) {
                    var cd = c.addDesignation().setLanguage(d.language()).setValue(d.value());
                    if (d.useCode() != null) cd.setUse(new Coding(d.useSystem(), d.useCode(), d.useDisplay()));
                }
            }
        }
        return out;
    }

    /**
     * Whether a code, coding or codeable concept is in the value set: {@code result}, the member's
     * {@code display}, and a {@code message} saying why not.
     */
    Parameters validateCode(ValueSet vs, String system, String code, String display, CodeableConcept concept) {
        List<Coding> codings;
        if (concept != null) {
            codings = concept.getCoding();
        } else if (code != null) {
            codings = List.of(new Coding(system, code, display));
        } else {
            throw new InvalidRequestException("$validate-code needs 'code' and 'system', a 'coding' or a 'codeableConcept'");
        }
        Parameters out = new Parameters();
        StringBuilder why = new StringBuilder();
        for (Coding c : codings) {
            if (!c.hasCode()) continue;
            Optional<Member> member = expander.member(vs, c.getSystem(), c.getCode());
            if (member.isPresent()) {
                Member m = member.get();
                if (c.hasDisplay() && m.display() != null && !c.getDisplay().equalsIgnoreCase(m.display())
                        && !isDesignation(m, c.getDisplay())) {
                    why.append("The display '").append(c.getDisplay()).append("' is not a display of code '")
                            .append(c.getCode()).append("'; it is '").append(m.display()).append("'. ");
                    continue;
                }
                out.addParameter("result", new BooleanType(true));
                if (m.display() != null) out.addParameter("display", new StringType(m.display()));
                return out;
            }
            why.append(notMemberReason(vs, c)).append(' ');
        }
        out.addParameter("result", new BooleanType(false));
        out.addParameter("message", new StringType(why.length() == 0 ? "No code given" : why.toString().trim()));
        return out;
    }

    private boolean isDesignation(Member m, String display) {
        return m.conceptId() != null && expander.designations(List.of(m)).getOrDefault(m.conceptId(), List.of())
                .stream().anyMatch(d -> display.equalsIgnoreCase(d.value()));
    }

    private String notMemberReason(ValueSet vs, Coding c) {
        String where = "'" + (c.hasSystem() ? c.getSystem() + "|" : "") + c.getCode() + "'";
        if (c.hasSystem()) {
            Optional<Canonical> cs = concepts.resolve("CodeSystem", c.getSystem(), c.getVersion());
            if (cs.isPresent() && cs.get().isComplete() && concepts.concept(cs.get(), c.getCode()).isEmpty()) {
                return "Unknown code " + where + ": code system '" + c.getSystem() + "' has no such code.";
            }
        }
        return "The code " + where + " is not in value set '" + vs.getUrl() + "'.";
    }

    private static boolean languageMatches(String designation, String wanted) {
        return designation != null && (designation.equalsIgnoreCase(wanted)
                || designation.toLowerCase().startsWith(wanted.toLowerCase() + "-"));
    }
}
