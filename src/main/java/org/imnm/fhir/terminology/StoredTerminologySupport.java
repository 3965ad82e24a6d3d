package org.imnm.fhir.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Component;

/**
 * Lets HAPI's validator check codes against the terminology stored here: a coding from a code system we
 * hold must be one of its codes (an error for a complete code system, a warning for a fragment, which may
 * lack codes that exist), and a binding to one of our value sets is checked against its expansion. Reads
 * the database on every call, so every server instance sees a new CodeSystem or ValueSet at once.
 */
@Component
public class StoredTerminologySupport implements IValidationSupport {

    private final FhirContext fhirContext;
    private final ConceptStore concepts;
    private final ValueSetExpander expander;
    private final StoredCanonicals canonicals;

    StoredTerminologySupport(FhirContext fhirContext, ConceptStore concepts, ValueSetExpander expander,
            StoredCanonicals canonicals) {
        this.fhirContext = fhirContext;
        this.concepts = concepts;
        this.expander = expander;
        this.canonicals = canonicals;
    }

    @Override
    public FhirContext getFhirContext() {
        return fhirContext;
    }

    @Override
    public String getName() {
        return "imnm-fhir stored terminology";
    }

    @Override
    public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
        return concepts.resolve("CodeSystem", system, null).isPresent();
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext context, String valueSetUrl) {
        return resolveValueSet(valueSetUrl).isPresent();
    }

    @Override
    public IBaseResource fetchValueSet(String url) {
        return resolveValueSet(url).orElse(null);
    }

    private Optional<ValueSet> resolveValueSet(String url) {
        return canonicals.find("ValueSet", ValueSet.class, url);
    }

    /** A profile stored here (the shipped ones). */
    @Override
    public IBaseResource fetchStructureDefinition(String url) {
        return canonicals.find("StructureDefinition", IBaseResource.class, url).orElse(null);
    }

    @Override
    public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options,
            String system, String code, String display, String valueSetUrl) {
        if (valueSetUrl != null) {
            return resolveValueSet(valueSetUrl).map(vs -> inValueSet(vs, system, code, display)).orElse(null);
        }
        Optional<Canonical> cs = concepts.resolve("CodeSystem", system, null);
        if (cs.isEmpty() || code == null) return null;
        Optional<Concept> concept = concepts.concept(cs.get(), code);
        if (concept.isEmpty()) {
            boolean complete = cs.get().isComplete();
            return failure(complete ? IssueSeverity.ERROR : IssueSeverity.WARNING,
                    "Unknown code '" + code + "' in code system '" + system + "'"
                            + (complete ? "" : " (this server holds only a " + cs.get().content() + " of it)"),
                    CodeValidationIssueCoding.INVALID_CODE);
        }
        return found(concept.get().code(), concept.get().display(), display, system);
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(ValidationSupportContext context,
            ConceptValidationOptions options, String system, String code, String display, IBaseResource valueSet) {
        if (!(valueSet instanceof ValueSet vs) || !vs.hasUrl() || resolveValueSet(vs.getUrl()).isEmpty()) return null;
        return inValueSet(vs, system, code, display);
    }

    private CodeValidationResult inValueSet(ValueSet vs, String system, String code, String display) {
        if (code == null) return null;
        Optional<Member> member;
        try {
            member = expander.member(vs, system, code);
        } catch (UnprocessableEntityException | InvalidRequestException cannotExpand) {
            // e.g. it includes all of a code system not held here: membership is unknown, which FHIR core
            // reports as a warning too, rather than a reason to reject the resource
            return failure(IssueSeverity.WARNING, "The code '" + (system != null ? system + "|" : "") + code
                    + "' could not be checked against value set '" + vs.getUrl() + "': " + cannotExpand.getMessage(),
                    CodeValidationIssueCoding.VS_INVALID);
        }
        if (member.isEmpty()) {
            return failure(IssueSeverity.ERROR, "The code '" + (system != null ? system + "|" : "") + code
                    + "' is not in value set '" + vs.getUrl() + "'", CodeValidationIssueCoding.NOT_IN_VS);
        }
        return found(member.get().code(), member.get().display(), display, system);
    }

    /** Found; a display that differs is a warning (as HAPI's own terminology service reports it). */
    private static CodeValidationResult found(String code, String knownDisplay, String givenDisplay, String system) {
        CodeValidationResult result = new CodeValidationResult().setCode(code).setDisplay(knownDisplay);
        if (givenDisplay != null && knownDisplay != null && !givenDisplay.equalsIgnoreCase(knownDisplay)) {
            String message = "The display '" + givenDisplay + "' for code '" + system + "|" + code + "' should be '"
                    + knownDisplay + "'";
            result.setSeverity(IssueSeverity.WARNING).setMessage(message)
                    .addIssue(new CodeValidationIssue(message, IssueSeverity.WARNING, CodeValidationIssueCode.INVALID,
                            CodeValidationIssueCoding.INVALID_DISPLAY));
        }
        return result;
    }

    private static CodeValidationResult failure(IssueSeverity severity, String message, CodeValidationIssueCoding why) {
        return new CodeValidationResult().setSeverity(severity).setMessage(message)
                .addIssue(new CodeValidationIssue(message, severity, CodeValidationIssueCode.CODE_INVALID, why));
    }

}
