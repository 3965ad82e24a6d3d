package org.imnm.fhir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The server JVM's CPU time by kind of thread (request threads, the JIT compilers, the garbage collector),
 * read from Linux's /proc: how much of a load's server CPU went to serving requests and how much to the JVM
 * working for them (on a fresh server the C2 compiler took 13% of it at 5,000 patients, 36% at 500).
 * Threads that end between two readings are not counted; JDK 17 keeps its compiler and collector threads for
 * a load like this one.
 */
final class ServerThreads {

    /** Kinds in report order; a thread's kind is the first whose name prefix its name starts with. */
    private static final Map<String, String[]> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("requests", new String[] {"http-nio"});
        KINDS.put("C2 compiler", new String[] {"C2 CompilerThre"});
        KINDS.put("C1 compiler", new String[] {"C1 CompilerThre"});
        // the VM Thread runs safepoint operations, the collector's pauses most of them
        KINDS.put("collector", new String[] {"GC Thread", "G1 ", "StringDedup", "VM Thread"});
    }

    private final Map<Long, Long> ticksByThread;
    private final Map<Long, String> kindByThread;

    private ServerThreads(Map<Long, Long> ticksByThread, Map<Long, String> kindByThread) {
        this.ticksByThread = ticksByThread;
        this.kindByThread = kindByThread;
    }

    /** The CPU each thread of process {@code pid} has used so far; empty where /proc cannot be read. */
    static ServerThreads read(long pid) {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> kinds = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(task -> {
                try {
                    long tid = Long.parseLong(task.getFileName().toString());
                    String name = Files.readString(task.resolve("comm")).strip();
                    // Fields after the parenthesised name: state is the 1st, utime the 12th, stime the 13th.
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    kinds.put(tid, kindOf(name));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            });
        } catch (IOException noProc) {
            // not Linux, or the process is gone: nothing to report
        }
        return new ServerThreads(ticks, kinds);
    }

    private static String kindOf(String threadName) {
        for (var kind : KINDS.entrySet()) {
            for (String prefix : kind.getValue()) {
                if (threadName.startsWith(prefix)) return kind.getKey();
            }
        }
        return "other";
    }

    /** One line: seconds of CPU per kind of thread since {@code start}; empty when nothing could be read. */
    String reportSince(ServerThreads start) {
        if (ticksByThread.isEmpty()) return "";
        double ticksPerSecond = 100; // USER_HZ: 100 on Linux's common architectures (x86, ARM)
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String kind : KINDS.keySet()) seconds.put(kind, 0.0);
        seconds.put("other", 0.0);
        ticksByThread.forEach((tid, ticks) -> seconds.merge(kindByThread.get(tid),
                (ticks - start.ticksByThread.getOrDefault(tid, 0L)) / ticksPerSecond, Double::sum));
        StringBuilder line = new StringBuilder("server CPU by thread:");
        seconds.forEach((kind, s) -> line.append(String.format(" %s %.1f s,", kind, s)));
        return line.substring(0, line.length() - 1);
    }
}
