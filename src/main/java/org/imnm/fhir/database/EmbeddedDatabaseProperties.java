package org.imnm.fhir.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded Postgres keeps its data when no external database is configured.
 *
 * @param dataDir folder that holds the database files (kept across restarts); env IMNM_DATA_DIR
 * @param port    port for the embedded server; 0 picks a free one
 */
@ConfigurationProperties(prefix = "imnm")
public record EmbeddedDatabaseProperties(Path dataDir, Integer embeddedDbPort) {
    public EmbeddedDatabaseProperties {
        if (dataDir == null) dataDir = Path.of("data");
        if (embeddedDbPort == null) embeddedDbPort = 0;
    }
}
