package org.imnm.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.imnm.fhir.search.UcumUnits;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Checks every written resource against the base R4 definitions with HAPI's instance validator (offline:
 * the definitions ship in hapi-fhir-validation-resources-r4). Errors reject the write with 422.
 */
@Component
public class ResourceValidator {

    private static final Logger log = LoggerFactory.getLogger(ResourceValidator.class);

    private static final int LARGE_CODE_SYSTEM = 2000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ReusableInstanceValidator validator;
    private final StorableValues storable;
    private final boolean enabled;
    /** CPU time (not wall time: writers may wait for a validator) that validating writes costs. */
    private final Timer cpu;

    /** {@code storedTerminology}: the code systems and value sets held in the database. */
    public ResourceValidator(FhirContext fhirContext, IValidationSupport storedTerminology, UcumUnits ucum,
            MeterRegistry meters, @Value("${imnm.fhir.validate-writes:true}") boolean enabled) {
        this.enabled = enabled;
        this.cpu = Timer.builder("fhir.validation.cpu")
                .description("CPU time spent validating written resources against their definitions")
                .register(meters);
        this.storable = new StorableValues(fhirContext);
        this.validator = new ReusableInstanceValidator(
                new StoredFirstSupport(fhirContext, fhirContext.getValidationSupport(), storedTerminology), ucum::service);
    }

    /**
     * Throws 422 with an OperationOutcome listing each error and where it is. Checks the base definitions,
     * the profiles the resource claims in meta.profile, and the terminology stored here.
     */
    public void validate(IBaseResource resource) {
        storable.firstProblem(resource).ifPresent(problem -> {
            throw new UnprocessableEntityException(problem.getMessage(), outcome(List.of(problem)));
        });
        if (!enabled) return;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        List<ValidationMessage> errors;
        try {
            errors = errors(withoutLargeConceptTree(resource, () -> validator.validate(resource)));
        } finally {
            cpu.record(THREADS.getCurrentThreadCpuTime() - cpuStart, TimeUnit.NANOSECONDS);
        }
        if (errors.isEmpty()) return;
        OperationOutcome oo = outcome(errors);
        String first = errors.get(0).getLocation() + ": " + errors.get(0).getMessage();
        throw new UnprocessableEntityException("Validation failed: " + first, oo);
    }

    /**
     * The {@code $validate} answer: every issue found (errors, warnings, information), also against
     * {@code profile} when given; an "all OK" information issue when there are none.
     */
    public OperationOutcome check(IBaseResource resource, String profile) {
        var problem = storable.firstProblem(resource);
        List<ValidationMessage> messages = problem.isPresent() ? List.of(problem.get())
                : withoutLargeConceptTree(resource,
                        () -> validator.validate(resource, profile == null ? List.of() : List.of(profile)));
        OperationOutcome oo = outcome(messages);
        if (oo.getIssue().isEmpty()) {
            oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("No issues found");
        }
        return oo;
    }

    /** Whether an OperationOutcome from {@link #check} reports an error. */
    public static boolean hasErrors(OperationOutcome oo) {
        return oo.getIssue().stream().anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL);
    }

    private static List<ValidationMessage> errors(List<ValidationMessage> messages) {
        return messages.stream().filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
                || m.getLevel() == ValidationMessage.IssueSeverity.FATAL).toList();
    }

    private static OperationOutcome outcome(List<ValidationMessage> messages) {
        OperationOutcome oo = new OperationOutcome();
        for (ValidationMessage m : messages) {
            oo.addIssue()
                    .setSeverity(switch (m.getLevel()) {
                        case FATAL -> OperationOutcome.IssueSeverity.FATAL;
                        case ERROR -> OperationOutcome.IssueSeverity.ERROR;
                        case WARNING -> OperationOutcome.IssueSeverity.WARNING;
                        default -> OperationOutcome.IssueSeverity.INFORMATION;
                    })
                    .setCode(m.getLevel() == ValidationMessage.IssueSeverity.INFORMATION
                            ? OperationOutcome.IssueType.INFORMATIONAL : OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(m.getMessage())
                    .addExpression(m.getLocation());
        }
        return oo;
    }

    /**
     * The instance validator checks CodeSystem invariant csd-1 (codes unique) with FHIRPath isDistinct(),
     * which is quadratic: a 100,000-concept CodeSystem would take hours. Above a few thousand concepts the
     * validator sees the CodeSystem without its concepts; the concept tree (codes present and unique,
     * hierarchy links resolving) is checked when its rows are built, and the parser has already checked
     * every element's type.
     */
    private static <T> T withoutLargeConceptTree(IBaseResource resource, java.util.function.Supplier<T> validation) {
        if (!(resource instanceof CodeSystem cs) || count(cs.getConcept()) <= LARGE_CODE_SYSTEM) {
            return validation.get();
        }
        List<CodeSystem.ConceptDefinitionComponent> concepts = cs.getConcept();
        cs.setConcept(null); // detached only while validating: copying 100,000 concepts would cost more
        try {
            return validation.get();
        } finally {
            cs.setConcept(concepts);
        }
    }

    private static int count(List<CodeSystem.ConceptDefinitionComponent> concepts) {
        int n = concepts.size();
        for (var c : concepts) n += count(c.getConcept());
        return n;
    }

    /** Loads the R4 definitions once, off the start-up path, so the first write is not slow. */
    @Async
    @Order(2)
    @EventListener(ApplicationReadyEvent.class)
    public void warmUp() {
        long start = System.nanoTime();
        validator.validate(new Patient().setActive(true));
        log.info("Validator ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
