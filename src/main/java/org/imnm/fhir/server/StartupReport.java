package org.imnm.fhir.server;

import org.imnm.fhir.database.DatabaseDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Logs, once started, where the API is and which database it uses. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger("imnm.fhir");

    private final DatabaseDescription database;

    StartupReport(DatabaseDescription database) {
        this.database = database;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void report(ApplicationReadyEvent event) {
        int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        log.info("imnm-fhir ready: FHIR R4 API at http://localhost:{}/fhir, database: {}", port, database);
    }
}
