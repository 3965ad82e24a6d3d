package org.imnm.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Checks every written resource against the base R4 definitions with HAPI's instance validator (offline:
 * the definitions ship in hapi-fhir-validation-resources-r4). Errors reject the write with 422.
 */
@Component
public class ResourceValidator {

    private static final Logger log = LoggerFactory.getLogger(ResourceValidator.class);

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final boolean enabled;

    public ResourceValidator(FhirContext fhirContext, @Value("${imnm.fhir.validate-writes:true}") boolean enabled) {
        this.fhirContext = fhirContext;
        this.enabled = enabled;
        FhirInstanceValidator module = new FhirInstanceValidator(fhirContext.getValidationSupport());
        module.setAnyExtensionsAllowed(true);
        module.setErrorForUnknownProfiles(false);
        this.validator = fhirContext.newValidator().registerValidatorModule(module);
    }

    /** Throws 422 with an OperationOutcome listing each error and where it is. */
    public void validate(IBaseResource resource) {
        if (!enabled) return;
        ValidationResult result = validator.validateWithResult(resource);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        if (errors.isEmpty()) return;
        OperationOutcome oo = new OperationOutcome();
        for (SingleValidationMessage m : errors) {
            oo.addIssue()
                    .setSeverity(m.getSeverity() == ResultSeverityEnum.FATAL
                            ? OperationOutcome.IssueSeverity.FATAL : OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(m.getMessage())
                    .addExpression(m.getLocationString());
        }
        String first = errors.get(0).getLocationString() + ": " + errors.get(0).getMessage();
        throw new UnprocessableEntityException("Validation failed: " + first, oo);
    }

    /** Loads the R4 definitions once, off the start-up path, so the first write is not slow. */
    @Async
    @EventListener(ApplicationReadyEvent.class)
    public void warmUp() {
        long start = System.nanoTime();
        validator.validateWithResult(new Patient().setActive(true));
        log.info("Validator ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
