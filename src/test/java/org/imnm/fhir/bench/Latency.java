package org.imnm.fhir.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
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

/**
 * Times GET requests at concurrency 2 and prints p50 and p99 per query, after a short warm-up. The timed
 * requests use the JDK's blocking HttpURLConnection (keep-alive), which does its I/O on the calling thread:
 * java.net.http's client hands every exchange between its selector and executor threads, which added
 * 0.3-2 ms to each p50 measured here and so hid part of the server's own latency.
 */
final class Latency {

    private Latency() {}

    /** Each query maps a run number to a path under {@code base}; every answer must be 200. */
    static void measure(String base, Map<String, IntFunction<String>> queries, int rounds)
            throws Exception {
        System.out.printf("%-85s %8s %8s%n", "query (concurrency 2, " + rounds + " runs)", "p50 ms", "p99 ms");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (var q : queries.entrySet()) {
                for (int i = 0; i < 20; i++) getBlocking(base + q.getValue().apply(i));
                List<Long> times = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> work = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    int worker = w;
                    work.add(pool.submit(() -> {
                        for (int i = worker; i < rounds; i += 2) {
                            long t = System.nanoTime();
                            int status = getBlocking(base + q.getValue().apply(i));
                            times.add(System.nanoTime() - t);
                            if (status != 200) throw new IllegalStateException(q.getKey() + ": " + status);
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

    /** The status; the body is read to the end so that the connection goes back to the keep-alive cache. */
    private static int getBlocking(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) in.readAllBytes();
            }
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
