package org.imnm.fhir.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Times GET requests at concurrency 2 and prints p50 and p99 per query, after a short warm-up. */
final class Latency {

    private Latency() {}

    /** Each query maps a run number to a path under {@code base}; every answer must be 200. */
    static void measure(HttpClient http, String base, Map<String, IntFunction<String>> queries, int rounds)
            throws Exception {
        System.out.printf("%-85s %8s %8s%n", "query (concurrency 2, " + rounds + " runs)", "p50 ms", "p99 ms");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (var q : queries.entrySet()) {
                for (int i = 0; i < 20; i++) get(http, base + q.getValue().apply(i));
                List<Long> times = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> work = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    int worker = w;
                    work.add(pool.submit(() -> {
                        for (int i = worker; i < rounds; i += 2) {
                            long t = System.nanoTime();
                            HttpResponse<String> r = get(http, base + q.getValue().apply(i));
                            times.add(System.nanoTime() - t);
                            if (r.statusCode() != 200) throw new IllegalStateException(q.getKey() + ": " + r.statusCode());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) f.get();
                List<Long> sorted = new ArrayList<>(times);
                Collections.sort(sorted);
                System.out.printf("%-85s %8.1f %8.1f%n", q.getKey(), sorted.get(sorted.size() / 2) / 1e6,
                        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6);
            }
        } finally {
            pool.shutdown();
        }
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
