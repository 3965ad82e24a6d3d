package org.imnm.fhir.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one Postgres every test in this JVM shares: Testcontainers' PostgreSQL where a Docker engine
 * answers, an embedded Postgres (zonky) where none does. Set IMNM_TEST_DB=embedded to skip the Docker probe.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String kind;

    private TestDatabase(String jdbcUrl, String username, String password, String kind) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.kind = kind;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) instance = start();
        return instance;
    }

    private static TestDatabase start() {
        if (!"embedded".equals(System.getenv("IMNM_TEST_DB")) && dockerAvailable()) {
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:17-alpine");
            pg.start();
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
            return new TestDatabase(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword(), "Testcontainers");
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return new TestDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    public String jdbcUrl() { return jdbcUrl; }
    public String username() { return username; }
    public String password() { return password; }
    public String kind() { return kind; }
}
