package org.imnm.fhir.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import org.hl7.fhir.r4.model.Resource;
import org.imnm.fhir.search.UcumUnits;
import org.imnm.fhir.validation.ResourceValidator;

/**
 * The CPU cost of validating a write, in-process: the synthetic cohort's resources (the ingest benchmark's)
 * through the server's {@link ResourceValidator}, with no stored terminology. Thread CPU time rather than
 * wall time, so another process on the machine barely moves the figure; it is the number to compare when
 * changing how validation runs. With {@code --threads 2} each thread validates the whole cohort at the same
 * time, as a loaded server's do: there each costs 10-18% more than one thread alone, where threads that
 * share nothing (hashing their own buffers) cost the same on one core or two; the cause was not found.
 *
 * <pre>
 *   --patients N   patients per round (default 200, about 8,400 resources)
 *   --rounds R     measured rounds after two warm-up rounds (default 5)
 *   --threads T    threads validating at once (default 1)
 * </pre>
 */
public final class ValidationBenchmark {

    public static void main(String[] args) {
        int patients = Integer.parseInt(Latency.arg(args, "--patients", "200"));
        int rounds = Integer.parseInt(Latency.arg(args, "--rounds", "5"));
        FhirContext ctx = FhirContext.forR4();
        IValidationSupport noStoredTerminology = () -> ctx;
        ResourceValidator validator = new ResourceValidator(ctx, noStoredTerminology, new UcumUnits(),
                new SimpleMeterRegistry(), true);

        SyntheticCohort cohort = new SyntheticCohort(42);
        List<Resource> resources = new ArrayList<>();
        for (int i = 0; i < patients; i++) resources.addAll(cohort.next(i).resources());

        int threadCount = Integer.parseInt(Latency.arg(args, "--threads", "1"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] micros = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            DoubleAdder cpuMicros = new DoubleAdder();
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                Thread thread = new Thread(() -> {
                    long start = threads.getCurrentThreadCpuTime();
                    for (Resource resource : resources) validator.validate(resource);
                    cpuMicros.add((threads.getCurrentThreadCpuTime() - start) / 1e3);
                });
                thread.start();
                running.add(thread);
            }
            for (Thread thread : running) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            double perResource = cpuMicros.sum() / threadCount / resources.size();
            if (r >= 0) micros[r] = perResource;
            System.out.printf("%s round: %.0f µs CPU per resource%n", r < 0 ? "warm-up" : "measured", perResource);
        }
        Arrays.sort(micros);
        System.out.printf("validation of %d resources (%d patients), %d rounds: median %.0f µs CPU per resource"
                + " (min %.0f, max %.0f), %d thread(s)%n", resources.size(), patients, rounds, micros[rounds / 2],
                micros[0], micros[rounds - 1], threadCount);
    }
}
