package org.imnm.fhir.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded Postgres (initdb on a fresh folder, then the server: over a second) on its own
 * thread as soon as the configuration is known, while Spring builds the rest of the application; the
 * {@code EmbeddedPostgres} bean then takes the started server. Registered by the application's main, so
 * anything else (tests) simply starts it when the bean is made.
 */
public final class EmbeddedPostgresStarter implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private record Started(EmbeddedDatabaseProperties props, CompletableFuture<EmbeddedPostgres> server) {}

    private static final AtomicReference<Started> EARLY = new AtomicReference<>();

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (StringUtils.hasText(event.getEnvironment().getProperty("spring.datasource.url"))) return;
        EmbeddedDatabaseProperties props = Binder.get(event.getEnvironment())
                .bind("imnm", EmbeddedDatabaseProperties.class)
                .orElseGet(() -> new EmbeddedDatabaseProperties(null, null));
        EARLY.compareAndSet(null, new Started(props, CompletableFuture.supplyAsync(() -> start(props))));
    }

    /** The server started early for these settings, or one started now. */
    static EmbeddedPostgres take(EmbeddedDatabaseProperties props) {
        Started early = EARLY.getAndSet(null);
        if (early == null || !early.props().equals(props)) {
            if (early != null) early.server().thenAccept(EmbeddedPostgresStarter::close);
            return start(props);
        }
        try {
            return early.server().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Postgres' default (2) where there are cores to spare; none on a machine of two cores or fewer. */
    private static final String PARALLEL_WORKERS_PER_QUERY =
            Runtime.getRuntime().availableProcessors() <= 2 ? "0" : "2";

    private static EmbeddedPostgres start(EmbeddedDatabaseProperties props) {
        Path dir = props.dataDir().toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(dir);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(props.embeddedDbPort())
                    // The library's defaults are for throwaway test databases (it passes -F, fsync off, and
                    // turns synchronous_commit off). This one holds the server's data: a 201 must mean the
                    // write is on disk, and a power loss must not corrupt the cluster.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Parallel workers split one query over idle cores. On two cores serving concurrent
                    // requests there are none: a count of 42,000 index rows took 21 ms with two workers
                    // and 15 ms without.
                    .setServerConfig("max_parallel_workers_per_gather", PARALLEL_WORKERS_PER_QUERY)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Postgres in " + dir, e);
        }
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
