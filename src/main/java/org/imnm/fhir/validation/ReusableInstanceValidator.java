package org.imnm.fhir.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * The FHIR core {@link InstanceValidator}, configured as HAPI's {@code FhirInstanceValidator} configures
 * it, but kept in a small pool instead of built once per call. HAPI 8.8 builds a new one for every
 * validation, and each construction re-reads an OID table from a CSV file: that was three quarters of the
 * cost of validating a resource (profiled on the ingest benchmark). Validation is CPU-bound, so the pool
 * holds one validator per core (not one per request thread: each is large). A validator is rebuilt after
 * {@link #USES_PER_INSTANCE} uses, a bound on per-run state it might keep between calls.
 */
final class ReusableInstanceValidator {

    /**
     * What core 6.7 keeps from run to run is emptied after each ({@link RunLeftovers}), and the heap left after
     * young collections stayed flat (229 to 234 MB) over a 210,000-resource load without any rebuild, so a
     * validator is rebuilt only rarely. Each rebuild drops the old validator into the old generation, which
     * the collector grows for it: rebuilt every 20,000 uses, the heap after collections rose by 61 MB over
     * that load (ten rebuilds, about 6 MB each) and the JVM ended it at 589-608 MB resident, against
     * 531-581 MB without. Where core's leftovers cannot be emptied (a release that renamed its fields), they
     * pile up at about 50 MB per thousand resources, and a rebuild every 20,000 uses is what bounds them.
     */
    static final int USES_PER_INSTANCE = RunLeftovers.canForget() ? 1_000_000 : 20_000;

    private final IValidationSupport support;
    /** Built on first use (the start-up warm-up, off the main thread): it is seconds of work. */
    private volatile WorkerContextValidationSupportAdapter workerContext;
    /** Validators for writes (errors only) and for {@code $validate} (every issue): they see different definitions. */
    private final Pool writes;
    private final Pool checks;

    /** A validator and what feeds it its element trees, reused together. */
    private static final class Slot {
        InstanceValidator validator;
        DefinitionCachingJsonParser parser;
        ParsedResourceConverter converter;
        int uses;
    }

    /** What a run validates: the element trees of one input, built with the slot's parser or converter. */
    private interface Input {
        List<ValidatedFragment> fragments(Slot slot) throws java.io.IOException;
    }

    /**
     * Validators that check against one form of the definitions. The pool holds one slot per core; a slot's
     * validator is built on its first use, so the {@code $validate} pool costs nothing until it is used.
     */
    private static final class Pool {
        final BlockingQueue<Slot> slots;
        final BestPracticeWarningLevel bestPractice;
        final UnaryOperator<StructureDefinition> definitions;

        Pool(int size, BestPracticeWarningLevel bestPractice, UnaryOperator<StructureDefinition> definitions) {
            this.slots = new ArrayBlockingQueue<>(size);
            for (int i = 0; i < size; i++) slots.add(new Slot());
            this.bestPractice = bestPractice;
            this.definitions = definitions;
        }
    }

    private final java.util.function.Supplier<org.fhir.ucum.UcumService> ucum;
    private final FixedDefinitions fixedDefinitions;
    private final int usesPerInstance;

    ReusableInstanceValidator(IValidationSupport support, java.util.function.Supplier<org.fhir.ucum.UcumService> ucum) {
        this(support, ucum, USES_PER_INSTANCE);
    }

    ReusableInstanceValidator(IValidationSupport support, java.util.function.Supplier<org.fhir.ucum.UcumService> ucum,
            int usesPerInstance) {
        this.usesPerInstance = usesPerInstance;
        this.support = support;
        this.ucum = ucum;
        this.fixedDefinitions = new FixedDefinitions(support);
        int size = Math.max(1, Runtime.getRuntime().availableProcessors());
        WriteDefinitions writeDefinitions = new WriteDefinitions();
        this.writes = new Pool(size, BestPracticeWarningLevel.Ignore, writeDefinitions::of);
        this.checks = new Pool(size, BestPracticeWarningLevel.Warning, UnaryOperator.identity());
    }

    /**
     * A write's check: only errors matter, so the best-practice recommendations (dom-6 "should have narrative",
     * "observations should have a performer", ...) are not reported, and their invariants are not evaluated
     * ({@link WriteDefinitions}).
     */
    List<ValidationMessage> validate(String json) {
        return validate(writes, fromJson(json), List.of());
    }

    /** {@link #validate(String)} of a resource HAPI has parsed. */
    List<ValidationMessage> validate(IBaseResource resource) {
        return validate(writes, fromParsed(resource), List.of());
    }

    /**
     * Every issue, best-practice warnings included, against the base definitions, the profiles the resource
     * claims, and {@code extraProfiles}.
     */
    List<ValidationMessage> validate(String json, List<String> extraProfiles) {
        return validate(checks, fromJson(json), extraProfiles);
    }

    /** {@link #validate(String, List)} of a resource HAPI has parsed. */
    List<ValidationMessage> validate(IBaseResource resource, List<String> extraProfiles) {
        return validate(checks, fromParsed(resource), extraProfiles);
    }

    /**
     * What InstanceValidator.validate(InputStream) does, minus building a new parser (and with it a FHIRPath
     * engine and profile utilities) for every call: a sixth of validation time when profiled.
     */
    private static Input fromJson(String json) {
        return slot -> slot.parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The tree built from the parsed resource ({@link ParsedResourceConverter}); through HAPI's JSON where the
     * converter does not mirror HAPI's encoding.
     */
    private Input fromParsed(IBaseResource resource) {
        return slot -> {
            ValidatedFragment fragment = new ValidatedFragment(ValidatedFragment.FOCUS_NAME, "json", new byte[0], false);
            Element element = resource instanceof Resource r4 ? slot.converter.convert(r4, fragment.getErrors()) : null;
            if (element == null) {
                return fromJson(support.getFhirContext().newJsonParser().encodeResourceToString(resource)).fragments(slot);
            }
            fragment.setElement(element);
            return List.of(fragment);
        };
    }

    private List<ValidationMessage> validate(Pool pool, Input input, List<String> extraProfiles) {
        List<org.hl7.fhir.r5.model.StructureDefinition> profiles = new ArrayList<>();
        for (String url : extraProfiles) {
            var sd = workerContext().fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, url);
            if (sd == null) {
                throw new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException("Unknown profile '" + url + "'");
            }
            profiles.add(sd);
        }
        Slot slot = take(pool);
        List<ValidationMessage> messages = new ArrayList<>();
        try {
            if (slot.validator == null || slot.uses >= usesPerInstance) {
                slot.validator = build(pool.bestPractice);
                slot.parser = parser(pool.definitions);
                slot.converter = new ParsedResourceConverter(slot.parser, support.getFhirContext());
                slot.uses = 0;
            }
            slot.uses++;
            List<ValidatedFragment> fragments = input.fragments(slot);
            for (ValidatedFragment fragment : fragments) {
                if (fragment.getElement() != null) {
                    slot.validator.validate(null, fragment.getErrors(), fragments.size() > 1 ? fragment.path() : null,
                            fragment.getElement(), profiles);
                }
                messages.addAll(fragment.getErrors());
            }
            RunLeftovers.forget(slot.validator);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            slot.validator = null; // do not reuse a validator whose run failed half-way
            throw e;
        } finally {
            pool.slots.add(slot);
        }
        // The same filtering HAPI's ValidatorWrapper applies.
        messages.removeIf(m -> I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(m.getMessageId())
                || (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(m.getMessageId())
                        && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
        messages.stream()
                .filter(m -> I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(m.getMessageId())
                        || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(m.getMessageId()))
                .forEach(m -> m.setLevel(ValidationMessage.IssueSeverity.WARNING));
        return messages;
    }

    /** Entries the pooled validators still hold from earlier runs ({@link RunLeftovers}; -1 when that cannot be seen). */
    int retainedEntries() {
        int total = 0;
        for (Slot slot : java.util.stream.Stream.concat(writes.slots.stream(), checks.slots.stream()).toList()) {
            if (slot.validator == null) continue;
            int kept = RunLeftovers.count(slot.validator);
            if (kept < 0) return -1;
            total += kept;
        }
        return total;
    }

    private static Slot take(Pool pool) {
        try {
            return pool.slots.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a validator", e);
        }
    }

    private WorkerContextValidationSupportAdapter workerContext() {
        WorkerContextValidationSupportAdapter context = workerContext;
        if (context == null) {
            synchronized (this) {
                if (workerContext == null) {
                    workerContext = new WorkerContextValidationSupportAdapter(support) {
                        // HAPI's adapter has no UCUM service; FHIRPath's comparable() (used by our profiles) needs one.
                        @Override
                        public org.fhir.ucum.UcumService getUcumService() {
                            return ucum.get();
                        }

                        @Override
                        public <T extends org.hl7.fhir.r5.model.Resource> T fetchResource(Class<T> type, String uri) {
                            return fixedDefinitions.fetch(type, uri, () -> super.fetchResource(type, uri));
                        }

                        @Override
                        public StructureDefinition fetchTypeDefinition(String typeName) {
                            return fixedDefinitions.typeDefinition(typeName, () -> super.fetchTypeDefinition(typeName));
                        }

                        // HAPI's adapter can list StructureDefinitions only and throws for any other type; core
                        // lists CodeSystems to find one by identifier (a ValueSet including urn:oid:...). None
                        // is known that way: the include is then reported as an unknown system, not a 500.
                        @Override
                        public <T extends org.hl7.fhir.r5.model.Resource> List<T> fetchResourcesByType(Class<T> type) {
                            return type == StructureDefinition.class ? super.fetchResourcesByType(type) : List.of();
                        }
                    };
                }
                context = workerContext;
            }
        }
        return context;
    }

    private DefinitionCachingJsonParser parser(UnaryOperator<StructureDefinition> definitions) {
        DefinitionCachingJsonParser parser = new DefinitionCachingJsonParser(workerContext(), definitions);
        parser.setupValidation(ValidationPolicy.EVERYTHING);
        return parser;
    }

    private InstanceValidator build(BestPracticeWarningLevel bestPractice) {
        WorkerContextValidationSupportAdapter workerContext = workerContext();
        try {
            InstanceValidator v = new InstanceValidator(workerContext, new FhirInstanceValidator.NullEvaluationContext(),
                    new XVerExtensionManagerOld(workerContext), new ValidatorSession(), new ValidatorSettings());
            v.setAssumeValidRestReferences(false);
            v.setAnyExtensionsAllowed(true);
            v.setResourceIdRule(IdStatus.OPTIONAL);
            v.setNoTerminologyChecks(false);
            v.setErrorForUnknownProfiles(false);
            v.setUnknownCodeSystemsCauseErrors(true);
            v.setAllowXsiLocation(true);
            // HAPI's default: references are checked for form, not fetched (there is no resolver here).
            v.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
            v.setBestPracticeWarningLevel(bestPractice);
            return v;
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the FHIR instance validator", e);
        }
    }
}
