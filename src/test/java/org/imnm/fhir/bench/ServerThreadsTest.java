package org.imnm.fhir.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServerThreadsTest {

    @Test
    void cpuOfAThreadNamedLikeTomcatsCountsAsRequests() throws Exception {
        long pid = ProcessHandle.current().pid();
        assumeTrue(Files.isDirectory(Path.of("/proc", Long.toString(pid), "task")), "needs Linux's /proc");
        var threads = ManagementFactory.getThreadMXBean();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            long start = threads.getCurrentThreadCpuTime();
            while (threads.getCurrentThreadCpuTime() - start < 300_000_000L) {
                // spin: 0.3 s of this thread's CPU
            }
            burnt.countDown();
            try {
                read.await(); // still alive for the second reading
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "http-nio-8080-exec-1");

        ServerThreads before = ServerThreads.read(pid);
        worker.start();
        burnt.await();
        String report = ServerThreads.read(pid).reportSince(before);
        read.countDown();
        worker.join();

        Matcher requests = Pattern.compile("requests ([0-9.]+) s").matcher(report);
        assertThat(requests.find()).as(report).isTrue();
        // /proc counts in 10 ms ticks: the 0.3 s the thread burnt, give or take a few ticks
        assertThat(Double.parseDouble(requests.group(1))).as(report).isBetween(0.25, 0.6);
        assertThat(report).startsWith("server CPU by thread:").contains("C2 compiler", "collector", "other");
    }
}
