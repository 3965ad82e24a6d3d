package org.imnm.fhir.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent during a benchmark run by each process on this machine that takes part in it: the
 * benchmark client (this JVM), the FHIR server (the launched one, else a JVM running the imnm-fhir jar or
 * main class) and Postgres (every postgres process). On a shared two-core machine this says where the cores
 * went, which wall-clock throughput alone cannot.
 */
final class CpuShare {

    private final Map<Long, Long> startNanos = new HashMap<>();
    private final long startWall = System.nanoTime();
    /** The server this benchmark launched, or null to recognise one by its command line. */
    private final Long serverPid;
    /** Set by {@link #stop}. */
    private Map<String, Long> byParty;
    private double wall;

    private CpuShare(Long serverPid) {
        this.serverPid = serverPid;
        ProcessHandle.allProcesses().forEach(p -> startNanos.put(p.pid(), cpuNanos(p)));
    }

    /** {@code serverPid}: the server the benchmark launched (whatever its jar is called), or null. */
    static CpuShare start(Long serverPid) {
        return new CpuShare(serverPid);
    }

    /** Ends the measurement. */
    CpuShare stop() {
        wall = (System.nanoTime() - startWall) / 1e9;
        byParty = new HashMap<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(p -> {
            String party = party(p, self);
            if (party != null) byParty.merge(party, cpuNanos(p) - startNanos.getOrDefault(p.pid(), 0L), Long::sum);
        });
        return this;
    }

    private static final List<String> PARTIES = List.of("server", "postgres", "client");

    /** CPU seconds one party ("server", "postgres" or "client") used between start and stop. */
    double seconds(String party) {
        return byParty.getOrDefault(party, 0L) / 1e9;
    }

    /** One line: seconds of CPU per party and the share of the machine's cores each used. */
    String report() {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder line = new StringBuilder(String.format("CPU over %.1f s on %d cores:", wall, cores));
        for (String party : PARTIES) {
            double s = seconds(party);
            line.append(String.format(" %s %.1f s (%.0f%%)", party, s, 100 * s / (wall * cores)));
        }
        return line.toString();
    }

    /**
     * The same CPU per resource loaded, beside what a target throughput leaves for everything on these cores:
     * runs on a machine whose speed drifts compare better this way than by throughput.
     */
    String perResource(long resources, double targetPerSecond) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder line = new StringBuilder("CPU per resource:");
        double all = 0;
        for (String party : PARTIES) {
            double micros = seconds(party) * 1e6 / resources;
            all += micros;
            line.append(String.format(" %s %.0f µs,", party, micros));
        }
        return line.append(String.format(" all %.0f µs (%,.0f resources/s on %d cores leaves %.0f µs)", all,
                targetPerSecond, cores, cores * 1e6 / targetPerSecond)).toString();
    }

    private String party(ProcessHandle p, long self) {
        if (p.pid() == self) return "client";
        String cmd = p.info().commandLine().orElse("");
        boolean server = serverPid != null ? p.pid() == serverPid
                : cmd.contains("java") && (cmd.contains("imnm-fhir") || cmd.contains("org.imnm.fhir.ImnmFhirApplication"));
        if (server) return "server";
        return cmd.contains("postgres") ? "postgres" : null;
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
