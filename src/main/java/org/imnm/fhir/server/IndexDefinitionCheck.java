package org.imnm.fhir.server;

import org.imnm.fhir.resource.ServedResourceTypes;
import org.imnm.fhir.search.Reindexer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/** After start-up: a release whose search parameters changed re-indexes what is already stored. */
@Component
class IndexDefinitionCheck {

    private static final Logger log = LoggerFactory.getLogger(IndexDefinitionCheck.class);
    private final Reindexer reindexer;

    IndexDefinitionCheck(Reindexer reindexer) {
        this.reindexer = reindexer;
    }

    @Async
    @Order(1)
    @EventListener(ApplicationReadyEvent.class)
    public void check() {
        reindexer.reindexIfDefinitionsChanged(ServedResourceTypes.NAMES)
                .ifPresent(job -> log.info("Search parameters changed: reindex job {} started", job.id()));
    }
}
