package org.imnm.fhir.content;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.Bundle;
import org.imnm.fhir.bundle.BundleProcessor;
import org.imnm.fhir.store.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the IMNM trial listings (ResearchStudy with their sponsors, sites and eligibility Groups) that
 * ship in {@code content/imnm-trials.json}. Every entry is a conditional update by a stable identifier
 * (the NCT number for studies), so a second start changes nothing (an unchanged update makes no version)
 * and a release whose content changed updates just what changed. Loading holds an advisory lock, so
 * instances starting together do not both create the same listing.
 */
@Component
public class TrialContentLoader {

    static final String CONTENT = "content/imnm-trials.json";
    private static final Logger log = LoggerFactory.getLogger(TrialContentLoader.class);

    private final FhirContext fhirContext;
    private final BundleProcessor processor;
    private final ResourceStore store;
    private final TransactionTemplate tx;
    private final boolean enabled;

    TrialContentLoader(FhirContext fhirContext, BundleProcessor processor, ResourceStore store, TransactionTemplate tx,
            @Value("${imnm.content.load-trials:true}") boolean enabled) {
        this.fhirContext = fhirContext;
        this.processor = processor;
        this.store = store;
        this.tx = tx;
        this.enabled = enabled;
    }

    /** Off the start-up path: /metadata answers while the listings load. */
    @Async
    @EventListener(ApplicationReadyEvent.class)
    public void loadAtStartup() {
        if (!enabled) return;
        try {
            Bundle response = load();
            long created = response.getEntry().stream()
                    .filter(e -> e.getResponse().getStatus().startsWith("201")).count();
            log.info("Trial listings loaded: {} entries, {} created", response.getEntry().size(), created);
        } catch (RuntimeException e) {
            log.error("Loading the trial listings failed; the server runs without them", e);
        }
    }

    /** Loads (or re-loads) the shipped listings in one transaction; returns the transaction response. */
    public Bundle load() {
        Bundle bundle = read();
        return tx.execute(s -> {
            store.lockKey("content:" + CONTENT);
            return processor.process(bundle, false);
        });
    }

    private Bundle read() {
        try (InputStream in = new ClassPathResource(CONTENT).getInputStream()) {
            return fhirContext.newJsonParser().parseResource(Bundle.class, in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CONTENT, e);
        }
    }
}
