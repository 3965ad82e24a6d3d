package org.imnm.fhir.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Times GET requests at concurrency 2 and prints p50 and p99 per query. Each query is first run for two
 * seconds (and at least 20 times) untimed, so that neither JVM is still compiling that path while it is
 * timed: over a 1,000-run window that takes a quarter of a second, a compiler thread taking a core is the
 * p99. Each of the two workers owns one keep-alive connection ({@link KeepAliveConnection}), as
 * {@code ab -k -c 2} does, so that what is timed is the server's answer and not the client's own work.
 */
final class Latency {

    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private Latency() {}

    /** Each query maps a run number to a path under {@code base}; every answer must be 200. */
    static void measure(String base, Map<String, IntFunction<String>> queries, int rounds)
            throws Exception {
        URI baseUri = URI.create(base);
        String basePath = baseUri.getRawPath();
        System.out.printf("%-85s %8s %8s%n", "query (concurrency 2, " + rounds + " runs)", "p50 ms", "p99 ms");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (var q : queries.entrySet()) {
                long[] times = new long[rounds];
                List<Future<?>> work = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    int worker = w;
                    work.add(pool.submit(() -> {
                        try (KeepAliveConnection connection = new KeepAliveConnection(baseUri)) {
                            long warmUntil = System.nanoTime() + WARM_UP_NANOS;
                            for (int i = worker; i < 20 || System.nanoTime() < warmUntil; i += 2) {
                                connection.get(basePath + q.getValue().apply(i));
                            }
                            for (int i = worker; i < rounds; i += 2) {
                                long t = System.nanoTime();
                                int status = connection.get(basePath + q.getValue().apply(i));
                                times[i] = System.nanoTime() - t;
                                if (status != 200) throw new IllegalStateException(q.getKey() + ": " + status);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) f.get();
                Arrays.sort(times);
                System.out.printf("%-85s %8.1f %8.1f%n", q.getKey(), percentileMs(times, 50), percentileMs(times, 99));
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The p-th percentile (nearest rank) of sorted nanosecond times, in milliseconds; 0 when there are none. */
    static double percentileMs(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }

    static HttpResponse<String> get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
