package org.imnm.fhir.bench;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.hl7.fhir.r4.model.CodeSystem;
import org.imnm.fhir.terminology.LargeCodeSystems;

/**
 * Loads a synthetic 100,000-concept CodeSystem into a running server in one POST (timed), then times
 * {@code $lookup}, {@code $validate-code} and {@code $expand?filter=...&count=20} on it at concurrency 2.
 *
 * <pre>--url URL (default http://localhost:8080/fhir)  --rounds N (default 400)</pre>
 */
public final class TerminologyBenchmark {

    private static final String[] FILTERS = {"necro", "creat kin", "immune medi", "biopsy regen", "prox weak",
        "serum antib", "aldolase", "fibre prot", "begriff chron", "myopathy plasma"};

    private static final String ID = "bench-100k";

    public static void main(String[] args) throws Exception {
        String base = Latency.arg(args, "--url", "http://localhost:8080/fhir");
        int rounds = Integer.parseInt(Latency.arg(args, "--rounds", "400"));
        HttpClient http = HttpClient.newHttpClient();
        FhirContext ctx = FhirContext.forR4Cached();

        // One benchmark CodeSystem at a time: an earlier run's is deleted (its concept rows go with it).
        http.send(HttpRequest.newBuilder(URI.create(base + "/CodeSystem/" + ID)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        String url = "http://example.org/fhir/bench-codesystem/" + UUID.randomUUID();
        CodeSystem cs = LargeCodeSystems.generate(url, 100, 1000);
        cs.setId(ID);
        String body = ctx.newJsonParser().encodeResourceToString(cs);
        long start = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/CodeSystem/" + ID))
                .header("Content-Type", "application/fhir+json").header("Prefer", "return=minimal")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 200) throw new IllegalStateException("load failed: " + created.body());
        System.out.printf("Loaded a 100,000-concept CodeSystem (%.1f MB of JSON) in one PUT: %.1f s%n",
                body.length() / 1e6, (System.nanoTime() - start) / 1e9);

        String vsUrl = url + "/all";
        String vs = "{\"resourceType\":\"ValueSet\",\"id\":\"" + ID + "\",\"url\":\"" + vsUrl + "\",\"status\":\"active\","
                + "\"compose\":{\"include\":[{\"system\":\"" + url + "\"}]}}";
        HttpResponse<String> vsCreated = http.send(HttpRequest.newBuilder(URI.create(base + "/ValueSet/" + ID))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(vs)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (vsCreated.statusCode() >= 300) throw new IllegalStateException("ValueSet: " + vsCreated.body());

        // a different code (or filter) each run, spread over the whole code system
        IntFunction<String> code = i -> LargeCodeSystems.code((i % 100) * 1000 + 1 + (int) ((i * 7919L) % 999));
        Map<String, IntFunction<String>> queries = new LinkedHashMap<>();
        queries.put("CodeSystem/$lookup?system=...&code=...", i -> "/CodeSystem/$lookup?system=" + url + "&code=" + code.apply(i));
        queries.put("CodeSystem/$validate-code?url=...&code=...",
                i -> "/CodeSystem/$validate-code?url=" + url + "&code=" + code.apply(i));
        queries.put("ValueSet/$validate-code?url=...&system=...&code=...",
                i -> "/ValueSet/$validate-code?url=" + vsUrl + "&system=" + url + "&code=" + code.apply(i));
        queries.put("ValueSet/$expand?url=...&filter=...&count=20",
                i -> "/ValueSet/$expand?url=" + vsUrl + "&filter=" + FILTERS[i % FILTERS.length].replace(" ", "%20")
                        + "&count=20");
        Latency.measure(base, queries, rounds);
    }
}
