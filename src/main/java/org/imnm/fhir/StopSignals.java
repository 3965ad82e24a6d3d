package org.imnm.fhir;

import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/**
 * Makes SIGTERM and SIGINT close the application before the JVM's shutdown hooks run. The embedded
 * Postgres library stops its server from a shutdown hook of its own, and the JVM runs hooks side by side:
 * Spring's graceful shutdown (requests under way, the start-up content load) then lost its database
 * half-way, with errors in the log. Closing the context first stops the web server, waits for that work,
 * and only then stops Postgres (its bean's destroy method); the hooks that follow find nothing left to do.
 */
final class StopSignals {

    private StopSignals() {}

    static void closeFirst(ConfigurableApplicationContext context) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    context.close();
                    // A stop that was asked for and completed is a success. (128 + the signal's number, the
                    // JVM's own code, would be a race: once the context is closed no thread keeps the JVM
                    // alive, and it may end with 0 before this line runs.)
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (e.g. run with -Xrs): its default handling, and the hooks, remain.
                LoggerFactory.getLogger(StopSignals.class).debug("SIG{} left to the JVM: {}", name, e.getMessage());
            }
        }
    }
}
