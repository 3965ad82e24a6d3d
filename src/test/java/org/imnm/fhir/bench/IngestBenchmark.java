package org.imnm.fhir.bench;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Loads synthetic IMNM patients through transaction Bundles and prints throughput and latency.
 *
 * <pre>
 *   --url URL          a running server (default http://localhost:8080/fhir), or
 *   --launch JAR       start the server from this jar on a fresh data folder, time its start-up to the first
 *                      answer of /metadata, and report its resident memory after the load and its CPU by
 *                      kind of thread during it (requests, JIT compilers, collector); the jar of
 *                      target/app (the packaged server unpacked) starts with the class data archive beside it,
 *                      as the README's java command does
 *   --server-args ".." extra arguments for the launched server (e.g. --imnm.fhir.validate-writes=false)
 *   --jvm-args ".."    JVM options for the launched server; by default those of spring-boot:run (the pom's
 *                      server.jvm.options, which Maven passes to this program)
 *   --java PATH        the java launcher for the launched server (default: java on the PATH)
 *   --settle S         with --launch: also report the server's memory after S seconds without requests
 *                      (default 0), when a collector that returns unused heap (G1's periodic GC) has run
 *   --patients N       patients to load (default 1000)
 *   --warm-up W        first load W other patients, not counted (default 0): the figures then describe a
 *                      server whose code the JIT has compiled, not one answering its first requests
 *   --concurrency C    parallel clients (default 2)
 *   --bundle-size B    resources per Bundle, whole patients only (default 100)
 * </pre>
 */
public final class IngestBenchmark {

    /** What the build writes beside the unpacked jar (src/build/class-data-archive.sh). */
    private static final String CLASS_DATA_ARCHIVE = "imnm-fhir.jsa";

    /** Issue #2's ingest target for this load on the 2-core development machine. */
    private static final double TARGET_RESOURCES_PER_SECOND = 2500;

    private static Path launchDir;

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://localhost:8080/fhir");
        String launch = arg(args, "--launch", null);
        String serverArgs = arg(args, "--server-args", "");
        String jvmArgs = arg(args, "--jvm-args", System.getProperty("server.jvm.options", ""));
        String java = arg(args, "--java", "java");
        int patients = Integer.parseInt(arg(args, "--patients", "1000"));
        int concurrency = Integer.parseInt(arg(args, "--concurrency", "2"));
        int bundleSize = Integer.parseInt(arg(args, "--bundle-size", "100"));
        int settleSeconds = Integer.parseInt(arg(args, "--settle", "0"));
        int warmUpPatients = Integer.parseInt(arg(args, "--warm-up", "0"));

        Process server = null;
        if (launch != null) {
            Path dataDir = Files.createTempDirectory("imnm-bench");
            launchDir = dataDir;
            int port = 18080 + (int) (ProcessHandle.current().pid() % 1000);
            url = "http://localhost:" + port + "/fhir";
            Path archive = Path.of(launch).toAbsolutePath().resolveSibling(CLASS_DATA_ARCHIVE);
            if (Files.exists(archive) && !jvmArgs.contains("SharedArchiveFile")) {
                // -Xshare:on: a stale archive stops the run instead of silently timing a start without it
                jvmArgs = (jvmArgs + " -XX:SharedArchiveFile=" + archive + " -Xshare:on").trim();
            }
            List<String> cmd = new ArrayList<>(List.of(java));
            if (!jvmArgs.isBlank()) cmd.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
            cmd.addAll(List.of("-jar", launch, "--server.port=" + port,
                    "--imnm.data-dir=" + dataDir, "--logging.level.imnm.fhir.requests=WARN"));
            if (!serverArgs.isBlank()) cmd.addAll(Arrays.asList(serverArgs.trim().split("\\s+")));
            long t0 = System.nanoTime();
            server = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("server.log").toFile()).start();
            waitForMetadata(url, server);
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.println("server JVM: " + javaVersion(java) + ", options: " + (jvmArgs.isBlank() ? "(none)" : jvmArgs));
            System.out.printf("start-up to first /metadata answer: %.1f s (fresh data folder, includes initdb)%n",
                    startSeconds);
        }
        boolean completed = false;
        try {
            completed = run(url, patients, warmUpPatients, concurrency, bundleSize, server == null ? null : server.pid()) == 0;
            if (server != null) {
                reportMemory("right after the load", server);
                if (settleSeconds > 0) {
                    Thread.sleep(settleSeconds * 1000L);
                    reportMemory(settleSeconds + " s after the load", server);
                }
            }
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
                // Gigabytes after a large load; kept when something failed, for its server.log.
                if (completed) deleteRecursively(launchDir);
                else System.out.println("server data and log kept in " + launchDir);
            }
        }
    }

    /** Loads the cohort, after {@code warmUpPatients} others that are not counted; returns how many Bundles failed. */
    private static int run(String url, int patients, int warmUpPatients, int concurrency, int bundleSize,
            Long serverPid) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        int warmUpFailures = 0;
        if (warmUpPatients > 0) {
            // Another seed: other patients, so the measured load still writes only new resources.
            Bundles warmUp = bundles(new SyntheticCohort(7), warmUpPatients, bundleSize);
            long start = System.nanoTime();
            Load load = load(http, url, warmUp.bodies(), concurrency);
            System.out.printf("warm-up (not counted below): %d patients = %d resources in %.1f s, failed Bundles: %d%n",
                    warmUpPatients, warmUp.resources(), (System.nanoTime() - start) / 1e9, load.failures());
            warmUpFailures = load.failures();
        }
        Bundles cohort = bundles(new SyntheticCohort(42), patients, bundleSize);
        int total = cohort.resources();
        System.out.printf("loading %d patients = %d resources in %d transaction Bundles, concurrency %d%n",
                patients, total, cohort.bodies().size(), concurrency);

        double validationBefore = validationCpuSeconds(http, url);
        CpuShare cpu = CpuShare.start(serverPid);
        ServerThreads serverThreads = serverPid == null ? null : ServerThreads.read(serverPid);
        long start = System.nanoTime();
        Load load = load(http, url, cohort.bodies(), concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = load.latencies().stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("throughput: %.0f resources/s (%d resources in %.1f s), failed Bundles: %d%n",
                total / seconds, total, seconds, load.failures());
        System.out.printf("Bundle latency ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f%n",
                Latency.percentileMs(sorted, 50), Latency.percentileMs(sorted, 90), Latency.percentileMs(sorted, 99),
                Latency.percentileMs(sorted, 100));
        System.out.println(cpu.stop().report());
        System.out.println(cpu.perResource(total, TARGET_RESOURCES_PER_SECOND));
        if (serverThreads != null) {
            String byThread = ServerThreads.read(serverPid).reportSince(serverThreads);
            if (!byThread.isEmpty()) System.out.println(byThread);
        }
        double validation = validationCpuSeconds(http, url) - validationBefore;
        if (validation >= 0) {
            System.out.printf("validation: %.1f s CPU = %.0f%% of the server's CPU, %.0f µs per resource%n",
                    validation, 100 * validation / cpu.seconds("server"), validation * 1e6 / total);
        }
        return warmUpFailures + load.failures();
    }

    /** A cohort's transaction Bundles as JSON, and how many resources they hold. */
    private record Bundles(List<String> bodies, int resources) {}

    private static Bundles bundles(SyntheticCohort cohort, int patients, int bundleSize) {
        FhirContext ctx = FhirContext.forR4Cached();
        List<String> bodies = new ArrayList<>();
        int resources = 0;
        Bundle current = null;
        for (int i = 0; i < patients; i++) {
            SyntheticCohort.PatientRecord rec = cohort.next(i);
            if (current == null || current.getEntry().size() + rec.resources().size() > bundleSize) {
                if (current != null) {
                    bodies.add(ctx.newJsonParser().encodeResourceToString(current));
                    resources += current.getEntry().size();
                }
                current = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            }
            boolean first = true;
            for (Resource r : rec.resources()) {
                var entry = current.addEntry().setResource(r);
                if (first) entry.setFullUrl(rec.fullUrl());
                entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType());
                first = false;
            }
        }
        if (current != null && !current.getEntry().isEmpty()) {
            bodies.add(ctx.newJsonParser().encodeResourceToString(current));
            resources += current.getEntry().size();
        }
        return new Bundles(bodies, resources);
    }

    /** Each Bundle's latency in nanoseconds, and how many Bundles were not answered 200. */
    private record Load(List<Long> latencies, int failures) {}

    /** Posts the Bundles from {@code concurrency} workers, each taking the next one not yet sent. */
    private static Load load(HttpClient http, String url, List<String> bodies, int concurrency) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = send(http, url, bodies.get(i));
                    latencies.add(System.nanoTime() - t);
                    if (r.statusCode() != 200) {
                        if (failures.incrementAndGet() <= 3) {
                            System.out.println("Bundle " + i + " failed: " + r.statusCode() + " "
                                    + r.body().substring(0, Math.min(400, r.body().length())));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) f.get();
        pool.shutdown();
        return new Load(latencies, failures.get());
    }

    private static void reportMemory(String when, Process server) throws IOException {
        long java = rssKb(server.pid()) / 1024;
        long peak = procFieldKb(server.pid(), "status", "VmHWM:") / 1024;
        long postgres = postgresPssMb(dataDirOf(launchDir));
        System.out.printf("server resident memory %s: JVM %d MB (RSS; peak so far %d MB); embedded Postgres %d MB "
                + "(PSS over its processes: shared buffers counted once)%n", when, java, peak, postgres);
    }

    /** The server's own count of CPU spent validating writes (Prometheus), or -1 when it cannot be read. */
    private static double validationCpuSeconds(HttpClient http, String url) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(url.replaceFirst("/fhir/?$", "")
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(l -> l.startsWith("fhir_validation_cpu_seconds_sum"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> send(HttpClient http, String url, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/fhir+json")
                    .header("Prefer", "return=minimal")
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitForMetadata(String url, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 1200; i++) {
            if (!server.isAlive()) throw new IllegalStateException("server exited; see its server.log");
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(url + "/metadata")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException ignored) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("server did not answer /metadata within 60 s");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static Path dataDirOf(Path launchDir) {
        return launchDir.resolve("postgres");
    }

    /**
     * Resident memory of the embedded Postgres: pg_ctl daemonizes it, so it is found by its data folder (the
     * postmaster's -D argument) and summed with its backends. Proportional set size, because summing their RSS
     * would count the shared buffers once per backend.
     */
    private static long postgresPssMb(Path dataDir) throws IOException {
        String dir = dataDir.toAbsolutePath().toString();
        long kb = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String cmd = p.info().commandLine().orElse("");
            if (cmd.contains("postgres") && cmd.contains(dir)) {
                kb += pssKb(p.pid());
                for (ProcessHandle child : p.descendants().toList()) kb += pssKb(child.pid());
            }
        }
        return kb / 1024;
    }

    private static long rssKb(long pid) throws IOException {
        return procFieldKb(pid, "status", "VmRSS:");
    }

    private static long pssKb(long pid) throws IOException {
        return procFieldKb(pid, "smaps_rollup", "Pss:");
    }

    /** A "Name:   1234 kB" line of a /proc file; 0 once the process is gone. */
    private static long procFieldKb(long pid, String file, String field) throws IOException {
        Path path = Path.of("/proc", Long.toString(pid), file);
        if (!Files.exists(path)) return 0;
        try {
            return Files.readAllLines(path).stream().filter(l -> l.startsWith(field))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    /** The launcher's version line, so a result says which JDK produced it. */
    private static String javaVersion(String java) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().findFirst().orElse(java);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
