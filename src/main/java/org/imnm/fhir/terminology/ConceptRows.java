package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * A CodeSystem's concepts flattened into rows: depth-first order, the is-a hierarchy from nesting and
 * from the {@code parent}/{@code child} properties, designations and properties.
 */
final class ConceptRows {

    record Concept(int seq, String code, String display, String definition, boolean inactive, String searchText) {}

    record Designation(String code, String language, String useSystem, String useCode, String useDisplay, String value) {}

    record Property(String code, String property, String type, String value, String system, String display) {}

    record ParentLink(String child, String parent) {}

    final List<Concept> concepts = new ArrayList<>();
    final List<Designation> designations = new ArrayList<>();
    final List<Property> properties = new ArrayList<>();
    final Set<ParentLink> parents = new java.util.LinkedHashSet<>();

    static ConceptRows of(CodeSystem cs) {
        ConceptRows rows = new ConceptRows();
        Set<String> seen = new HashSet<>();
        rows.walk(cs.getConcept(), null, seen);
        for (ParentLink link : rows.parents) {
            if (!seen.contains(link.parent()) || !seen.contains(link.child())) {
                throw new UnprocessableEntityException("CodeSystem.concept: the hierarchy names code '"
                        + (seen.contains(link.parent()) ? link.child() : link.parent())
                        + "', which is not a concept of this CodeSystem");
            }
        }
        return rows;
    }

    private void walk(List<ConceptDefinitionComponent> level, String parent, Set<String> seen) {
        for (ConceptDefinitionComponent c : level) {
            String code = c.getCode();
            if (code == null || code.isBlank()) {
                throw new UnprocessableEntityException("CodeSystem.concept: a concept has no code");
            }
            if (!seen.add(code)) {
                throw new UnprocessableEntityException("CodeSystem.concept: code '" + code
                        + "' is defined more than once (codes must be unique within a CodeSystem)");
            }
            boolean inactive = false;
            StringBuilder search = new StringBuilder(c.hasDisplay() ? c.getDisplay() : "");
            for (var d : c.getDesignation()) {
                if (!d.hasValue()) continue;
                Coding use = d.getUse();
                designations.add(new Designation(code, d.getLanguage(), use.getSystem(), use.getCode(),
                        use.getDisplay(), d.getValue()));
                search.append(' ').append(d.getValue());
            }
            for (ConceptPropertyComponent p : c.getProperty()) {
                Property row = property(code, p);
                if (row == null) continue;
                properties.add(row);
                switch (row.property()) {
                    case "inactive" -> inactive |= "true".equals(row.value());
                    case "status" -> inactive |= "retired".equals(row.value()) || "inactive".equals(row.value());
                    case "parent" -> parents.add(new ParentLink(code, row.value()));
                    case "child" -> parents.add(new ParentLink(row.value(), code));
                    default -> { }
                }
            }
            if (parent != null) parents.add(new ParentLink(code, parent));
            concepts.add(new Concept(concepts.size(), code, c.getDisplay(), c.getDefinition(), inactive,
                    TextFilter.words(search.toString())));
            walk(c.getConcept(), code, seen);
        }
    }

    private static Property property(String code, ConceptPropertyComponent p) {
        if (!p.hasCode() || !p.hasValue()) return null;
        var v = p.getValue();
        if (v instanceof Coding coding) {
            return new Property(code, p.getCode(), "Coding", coding.getCode(), coding.getSystem(), coding.getDisplay());
        }
        String type = v instanceof CodeType ? "code" : v instanceof BooleanType ? "boolean" : v.fhirType();
        return new Property(code, p.getCode(), type, ((PrimitiveType<?>) v).getValueAsString(), null, null);
    }

    /** Concept code to position, for the writer to turn codes into row ids. */
    Map<String, Integer> positions() {
        Map<String, Integer> m = new LinkedHashMap<>();
        concepts.forEach(c -> m.put(c.code(), c.seq()));
        return m;
    }
}
