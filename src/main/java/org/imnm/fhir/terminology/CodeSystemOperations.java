package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Service;

/** CodeSystem {@code $lookup}, {@code $validate-code} and {@code $subsumes} over the stored concepts. */
@Service
class CodeSystemOperations {

    private final ConceptStore store;

    CodeSystemOperations(ConceptStore store) {
        this.store = store;
    }

    /** The stored CodeSystem for a url (and version): 404 naming it when there is none. */
    Canonical codeSystem(String url, String version) {
        if (url == null) throw new InvalidRequestException("A code system is required: give 'system' (or 'url'), or a coding");
        return store.resolve("CodeSystem", url, version).orElseThrow(() -> new ResourceNotFoundException(
                "Unknown code system '" + url + "'" + (version != null ? " version '" + version + "'" : "")
                        + ": this server holds no CodeSystem with that url"));
    }

    Canonical codeSystemById(String id) {
        return store.byResourceId("CodeSystem", id).orElseThrow(() -> new ResourceNotFoundException(
                "CodeSystem/" + id + " is not a stored CodeSystem with a url"));
    }

    Parameters lookup(Canonical cs, String code, Set<String> wantedProperties, String displayLanguage) {
        if (code == null) throw new InvalidRequestException("$lookup needs a 'code' (or a 'coding')");
        Concept c = store.concept(cs, code).orElseThrow(() -> new ResourceNotFoundException(
                "Unknown code '" + code + "' in code system '" + cs.url() + "'"
                        + (cs.isComplete() ? "" : " (this server holds only a " + cs.content() + " of it)")));
        Parameters out = new Parameters();
        out.addParameter("name", new StringType(cs.name() != null ? cs.name() : cs.url()));
        if (cs.version() != null) out.addParameter("version", new StringType(cs.version()));
        ConceptStore.Details details = store.details(c.id());
        List<ConceptStore.Designation> designations = details.designations();
        out.addParameter("display", new StringType(display(c, designations, displayLanguage)));
        if (c.definition() != null && wanted(wantedProperties, "definition")) {
            out.addParameter("definition", new StringType(c.definition()));
        }
        if (wanted(wantedProperties, "designation")) {
            for (ConceptStore.Designation d : designations) {
                var p = out.addParameter().setName("designation");
                if (d.language() != null) p.addPart().setName("language").setValue(new CodeType(d.language()));
                if (d.useCode() != null) {
                    p.addPart().setName("use").setValue(new Coding(d.useSystem(), d.useCode(), d.useDisplay()));
                }
                p.addPart().setName("value").setValue(new StringType(d.value()));
            }
        }
        for (ConceptStore.Property prop : details.properties()) {
            if (prop.code().equals("parent") || prop.code().equals("child")) continue; // from the hierarchy below
            if (wanted(wantedProperties, prop.code())) addProperty(out, prop.code(), value(prop));
        }
        if (c.inactive() && wanted(wantedProperties, "inactive")
                && details.properties().stream().noneMatch(p -> p.code().equals("inactive"))) {
            addProperty(out, "inactive", new BooleanType(true));
        }
        if (wanted(wantedProperties, "parent")) {
            details.parents().forEach(p -> addProperty(out, "parent", new CodeType(p.code()), p.display()));
        }
        if (wanted(wantedProperties, "child")) {
            details.children().forEach(p -> addProperty(out, "child", new CodeType(p.code()), p.display()));
        }
        return out;
    }

    /** Whether the code is in the code system (and the display, if given, is one of its displays). */
    Parameters validateCode(Canonical cs, String code, String display) {
        if (code == null) throw new InvalidRequestException("$validate-code needs a 'code' (or a 'coding' or 'codeableConcept')");
        Parameters out = new Parameters();
        var concept = store.concept(cs, code);
        if (concept.isEmpty()) {
            out.addParameter("result", new BooleanType(false));
            out.addParameter("message", new StringType("Unknown code '" + code + "' in code system '" + cs.url() + "'"
                    + (cs.isComplete() ? "" : " (this server holds only a " + cs.content()
                            + " of it, so the code may still exist)")));
            return out;
        }
        Concept c = concept.get();
        // The designations are read only when a display is to be checked against them.
        boolean displayOk = display == null || display.equalsIgnoreCase(c.display())
                || store.designations(c.id()).stream().anyMatch(d -> display.equalsIgnoreCase(d.value()));
        out.addParameter("result", new BooleanType(displayOk));
        if (c.display() != null) out.addParameter("display", new StringType(c.display()));
        if (!displayOk) {
            out.addParameter("message", new StringType("The display '" + display + "' is not a display of code '"
                    + code + "' in code system '" + cs.url() + "'; it is '" + c.display() + "'"));
        } else if (c.inactive()) {
            out.addParameter("message", new StringType("Code '" + code + "' is inactive in code system '" + cs.url() + "'"));
        }
        return out;
    }

    /**
     * A CodeableConcept is valid when one of its codings is: the first valid coding's answer, else the last
     * coding's (why it is not). {@code codeSystem} resolves each coding's code system.
     */
    Parameters validateCodeableConcept(List<Coding> codings, java.util.function.Function<Coding, Canonical> codeSystem) {
        Parameters last = null;
        for (Coding c : codings) {
            last = validateCode(codeSystem.apply(c), c.getCode(), c.getDisplay());
            if (((BooleanType) last.getParameterValue("result")).booleanValue()) return last;
        }
        if (last == null) throw new InvalidRequestException("The codeableConcept has no coding in the code system");
        return last;
    }

    /** How codeA relates to codeB in the code system's is-a hierarchy. */
    Parameters subsumes(Canonical cs, String codeA, String codeB) {
        if (codeA == null || codeB == null) {
            throw new InvalidRequestException("$subsumes needs codeA and codeB (or codingA and codingB)");
        }
        Concept a = known(cs, codeA), b = known(cs, codeB);
        String outcome;
        if (a.id() == b.id()) outcome = "equivalent";
        else if (store.subsumes(a.id(), b.id())) outcome = "subsumes";
        else if (store.subsumes(b.id(), a.id())) outcome = "subsumed-by";
        else outcome = "not-subsumed";
        Parameters out = new Parameters();
        out.addParameter("outcome", new CodeType(outcome));
        return out;
    }

    private Concept known(Canonical cs, String code) {
        return store.concept(cs, code).orElseThrow(() -> new InvalidRequestException(
                "Unknown code '" + code + "' in code system '" + cs.url() + "'"));
    }

    private static String display(Concept c, List<ConceptStore.Designation> designations, String language) {
        if (language != null) {
            for (ConceptStore.Designation d : designations) {
                if (d.language() != null && (d.language().equalsIgnoreCase(language)
                        || d.language().toLowerCase().startsWith(language.toLowerCase() + "-"))) {
                    return d.value();
                }
            }
        }
        return c.display() != null ? c.display() : c.code();
    }

    private static boolean wanted(Set<String> wanted, String property) {
        return wanted == null || wanted.isEmpty() || wanted.contains(property);
    }

    private static void addProperty(Parameters out, String code, Type value) {
        addProperty(out, code, value, null);
    }

    private static void addProperty(Parameters out, String code, Type value, String description) {
        var p = out.addParameter().setName("property");
        p.addPart().setName("code").setValue(new CodeType(code));
        p.addPart().setName("value").setValue(value);
        if (description != null) p.addPart().setName("description").setValue(new StringType(description));
    }

    private static Type value(ConceptStore.Property p) {
        return switch (p.type()) {
            case "code" -> new CodeType(p.value());
            case "Coding" -> new Coding(p.system(), p.value(), p.display());
            case "boolean" -> new BooleanType(p.value());
            case "integer" -> new IntegerType(p.value());
            case "decimal" -> new DecimalType(p.value());
            case "dateTime" -> new DateTimeType(p.value());
            default -> new StringType(p.value());
        };
    }
}
