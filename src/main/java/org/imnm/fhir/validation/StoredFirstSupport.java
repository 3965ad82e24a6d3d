package org.imnm.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import org.hl7.fhir.common.hapi.validation.support.BaseValidationSupportWrapper;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The base R4 definitions (with their caches: they never change) behind the terminology stored in the
 * database, which is asked first and never cached, so a CodeSystem or ValueSet written through any instance
 * counts at once. A wrapper rather than a second ValidationSupportChain: HAPI's chain caches every answer.
 */
final class StoredFirstSupport extends BaseValidationSupportWrapper {

    static final String CORE = "http://hl7.org/fhir/";
    private static final String UCUM = "http://unitsofmeasure.org";

    private final IValidationSupport stored;

    StoredFirstSupport(FhirContext ctx, IValidationSupport base, IValidationSupport stored) {
        super(ctx, base);
        this.stored = stored;
    }

    @Override
    public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
        return stored.isCodeSystemSupported(context, system) || super.isCodeSystemSupported(context, system);
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext context, String url) {
        return stored.isValueSetSupported(context, url) || super.isValueSetSupported(context, url);
    }

    @Override
    public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options,
            String system, String code, String display, String valueSetUrl) {
        boolean ours = valueSetUrl != null ? stored.isValueSetSupported(context, valueSetUrl)
                : stored.isCodeSystemSupported(context, system);
        if (ours) return stored.validateCode(context, options, system, code, display, valueSetUrl);
        try {
            return super.validateCode(context, options, system, code, display, valueSetUrl);
        } catch (NumberFormatException e) {
            // HAPI's UCUM check lets the UCUM library's failure on an integer beyond int ("99999999999",
            // "m2147483648") out as it is: a unit the client got wrong, reported like any other invalid code.
            if (!UCUM.equals(system)) throw e;
            String message = "Invalid UCUM code '" + code + "': the number " + e.getMessage()
                    .replaceFirst("^For input string: ", "") + " is out of the range a unit's numbers may take";
            return new CodeValidationResult().setSeverity(IssueSeverity.ERROR).setMessage(message)
                    .addIssue(new CodeValidationIssue(message, IssueSeverity.ERROR, CodeValidationIssueCode.CODE_INVALID,
                            CodeValidationIssueCoding.INVALID_CODE));
        }
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(ValidationSupportContext context,
            ConceptValidationOptions options, String system, String code, String display, IBaseResource valueSet) {
        CodeValidationResult result = stored.validateCodeInValueSet(context, options, system, code, display, valueSet);
        return result != null ? result : super.validateCodeInValueSet(context, options, system, code, display, valueSet);
    }

    @Override
    public IBaseResource fetchValueSet(String url) {
        return firstFound(url, () -> stored.fetchValueSet(url), () -> super.fetchValueSet(url));
    }

    @Override
    public IBaseResource fetchStructureDefinition(String url) {
        return firstFound(url, () -> stored.fetchStructureDefinition(url), () -> super.fetchStructureDefinition(url));
    }

    @Override
    public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
        if (type == null) return super.fetchResource(null, url);
        String name = type.getSimpleName();
        Supplier<IBaseResource> fromStore = name.equals("ValueSet") ? () -> stored.fetchValueSet(url)
                : name.equals("StructureDefinition") ? () -> stored.fetchStructureDefinition(url) : () -> null;
        IBaseResource found = firstFound(url, fromStore, () -> super.fetchResource(type, url));
        return found == null ? null : type.cast(found);
    }

    /**
     * Whether the base definitions hold {@code url} as a resource of type {@code typeName}: then it is what
     * {@link #fetchResource} answers for it, now and later (they come first for the specification's own
     * urls, and never change), so a caller may keep it.
     */
    boolean answersFromBase(String typeName, String url) {
        if (url == null || !url.startsWith(CORE)) return false;
        Class<? extends IBaseResource> type = typeName.equals("Resource") ? null
                : getFhirContext().getResourceDefinition(typeName).getImplementingClass();
        return super.fetchResource(type, url) != null;
    }

    /** The stored answer, else the base's; for the specification's own urls the base's first. */
    private static <T> T firstFound(String url, Supplier<? extends T> fromStore, Supplier<? extends T> fromBase) {
        boolean core = url != null && url.startsWith(CORE);
        T first = core ? fromBase.get() : fromStore.get();
        return first != null ? first : core ? fromStore.get() : fromBase.get();
    }
}
