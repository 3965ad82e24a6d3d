package org.imnm.fhir.content;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.imnm.fhir.bundle.BundleProcessor;
import org.imnm.fhir.resource.ResourceService;
import org.imnm.fhir.resource.WriteOutcome;
import org.imnm.fhir.validation.ProfileSnapshots;
import org.imnm.fhir.store.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the content that ships with the server, in order: the terminology (code system fragments, our
 * local code system, value sets and concept maps, in {@code content/imnm-terminology.json}), the resource
 * profiles ({@code content/imnm-profiles.json}), the IMNM trial listings (ResearchStudy with their sponsors,
 * sites and eligibility Groups, in {@code content/imnm-trials.json}) and, when asked for, a demo cohort. Every entry is an update by a stable id or a conditional update by a
 * stable identifier (the NCT number for studies), so a second start changes nothing (an unchanged update
 * makes no version) and a release whose content changed updates just what changed. Loading holds an
 * advisory lock, so instances starting together do not both create the same resource.
 */
@Component
public class ContentLoader {

    static final String PROFILES = "content/imnm-profiles.json";
    /** In order: what later files use comes first (value sets for the profiles, profiles for the trials). */
    static final List<String> CONTENT = List.of("content/imnm-terminology.json", PROFILES, "content/imnm-trials.json");
    private static final Logger log = LoggerFactory.getLogger(ContentLoader.class);

    private final FhirContext fhirContext;
    private final BundleProcessor processor;
    private final ResourceStore store;
    private final TransactionTemplate tx;
    private final boolean enabled;
    private final ResourceService resources;
    private final ProfileSnapshots snapshots;
    /** Synthetic patients to load after the content; 0 (the default) loads none. */
    private final int demoPatients;

    ContentLoader(FhirContext fhirContext, BundleProcessor processor, ResourceStore store, TransactionTemplate tx,
            ResourceService resources, ProfileSnapshots snapshots,
            @Value("${imnm.demo.patients:0}") int demoPatients,
            @Value("${imnm.content.load:true}") boolean enabled) {
        this.fhirContext = fhirContext;
        this.processor = processor;
        this.store = store;
        this.tx = tx;
        this.enabled = enabled;
        this.resources = resources;
        this.snapshots = snapshots;
        this.demoPatients = demoPatients;
    }

    /** Off the start-up path: /metadata answers while the listings load. */
    @Async
    @Order(4)
    @EventListener(ApplicationReadyEvent.class)
    public void loadAtStartup() {
        if (!enabled) return;
        for (String content : CONTENT) {
            if (closing) return;
            loadLogged(content, () -> load(content));
        }
        if (demoPatients > 0 && !closing) {
            loadLogged("the demo cohort (" + demoPatients + " patients)", () -> loadDemoCohort(demoPatients));
        }
    }

    /** Set when the server is stopping: a load it cuts short is not an error (each file is one transaction). */
    private volatile boolean closing;

    @EventListener(ContextClosedEvent.class)
    public void stopLoading() {
        closing = true;
    }

    /** A start-up load: its outcome logged; a failure leaves the server running without that content. */
    private void loadLogged(String what, java.util.function.Supplier<Bundle> load) {
        try {
            Bundle response = load.get();
            long created = response.getEntry().stream().filter(e -> e.getResponse().getStatus().startsWith("201")).count();
            log.info("Loaded {}: {} entries, {} created", what, response.getEntry().size(), created);
        } catch (RuntimeException e) {
            if (closing) {
                log.info("Loading {} stopped by the shutdown; nothing of it was written, and the next start loads it", what);
            } else {
                log.error("Loading {} failed; the server runs without it", what, e);
            }
        }
    }

    /** Loads (or re-loads: nothing changes) a synthetic cohort of {@code patients} patients; see DemoCohort. */
    public Bundle loadDemoCohort(int patients) {
        return processLocked("content:demo", DemoCohort.build(patients));
    }

    /** Loads (or re-loads) everything shipped; returns each file's transaction response. */
    public List<Bundle> load() {
        return CONTENT.stream().map(this::load).toList();
    }

    /** Loads (or re-loads) one shipped file in one transaction; returns the transaction response. */
    Bundle load(String content) {
        Bundle bundle = read(content);
        if (content.equals(PROFILES)) return loadProfiles(bundle);
        return processLocked("content:" + content, bundle);
    }

    /** A transaction Bundle under an advisory lock, so instances starting together do not both create it. */
    private Bundle processLocked(String lockKey, Bundle bundle) {
        return tx.execute(s -> {
            store.lockKey(lockKey);
            return processor.process(bundle, false);
        });
    }

    /**
     * The profiles: a collection of StructureDefinitions with differentials and snapshots, written by id. Clients may
     * not write StructureDefinitions, so this does not go through the transaction processor.
     */
    private Bundle loadProfiles(Bundle bundle) {
        List<StructureDefinition> shipped = bundle.getEntry().stream().map(e -> (StructureDefinition) e.getResource())
                .toList();
        // The file ships with snapshots (ShippedProfilesSnapshotTest keeps them current); generate any missing.
        List<StructureDefinition> profiles = shipped.stream().allMatch(StructureDefinition::hasSnapshot)
                ? shipped : snapshots.withSnapshots(shipped);
        return tx.execute(s -> {
            store.lockKey("content:" + PROFILES);
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (StructureDefinition sd : profiles) {
                // Not re-validated: the instance validator re-generates a profile's snapshot to check it, which
                // fails outside a package context; ShippedProfilesSnapshotTest checks the shipped snapshots.
                WriteOutcome outcome = resources.updateValidated("StructureDefinition", sd.getIdElement().getIdPart(),
                        sd, null);
                response.addEntry().getResponse().setStatus(outcome.created() ? "201 Created" : "200 OK")
                        .setLocation(outcome.id().getValue()).setEtag("W/\"" + outcome.id().getVersionIdPart() + "\"");
            }
            return response;
        });
    }

    private Bundle read(String content) {
        try (InputStream in = new ClassPathResource(content).getInputStream()) {
            return fhirContext.newJsonParser().parseResource(Bundle.class, in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + content, e);
        }
    }
}
