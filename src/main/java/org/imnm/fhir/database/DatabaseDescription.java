package org.imnm.fhir.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

/** A one-line, password-free description of the database in use, for the start-up log. */
@Component
public class DatabaseDescription {
    private final String text;

    DatabaseDescription(DataSourceProperties props, ObjectProvider<EmbeddedPostgres> embedded,
            EmbeddedDatabaseProperties embeddedProps) {
        EmbeddedPostgres pg = embedded.getIfAvailable();
        this.text = pg != null
                ? "embedded PostgreSQL on port " + pg.getPort() + ", data in "
                        + embeddedProps.dataDir().toAbsolutePath().normalize().resolve("postgres")
                : "external PostgreSQL at " + props.getUrl();
    }

    @Override
    public String toString() {
        return text;
    }
}
