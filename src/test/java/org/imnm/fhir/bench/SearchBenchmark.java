package org.imnm.fhir.bench;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

/**
 * Times the search queries against a running server that holds the ingest benchmark's data
 * (load it first with IngestBenchmark). Each query runs {@code --rounds} times at concurrency 2 with a
 * different patient where the query names one; prints p50 and p99 in ms.
 *
 * <pre>--url URL (default http://localhost:8080/fhir)  --rounds N (default 200)  --only TEXT (only the queries whose name holds TEXT)</pre>
 */
public final class SearchBenchmark {

    public static void main(String[] args) throws Exception {
        String url = Latency.arg(args, "--url", "http://localhost:8080/fhir");
        int rounds = Integer.parseInt(Latency.arg(args, "--rounds", "200"));
        HttpClient http = HttpClient.newHttpClient();
        FhirContext ctx = FhirContext.forR4Cached();

        // Patients to query by: ids, names and identifiers from the loaded cohort.
        Bundle patients = ctx.newJsonParser().parseResource(Bundle.class,
                Latency.get(http, url + "/Patient?identifier=urn:imnm:bench:mrn%7C&_count=500").body());
        List<Patient> cohort = patients.getEntry().stream().map(e -> (Patient) e.getResource()).toList();
        if (cohort.isEmpty()) {
            // the identifier system alone ("system|") selects every benchmark patient
            throw new IllegalStateException("No benchmark patients found; run IngestBenchmark against " + url + " first");
        }

        Map<String, java.util.function.IntFunction<String>> queries = new LinkedHashMap<>();
        queries.put("Observation?subject=Patient/X&code=loinc|2157-6&_sort=-date&_count=20",
                i -> "/Observation?subject=Patient/" + p(cohort, i).getIdPart() + "&code=" + enc("http://loinc.org|2157-6")
                        + "&_sort=-date&_count=20");
        queries.put("Observation?code=loinc|2157-6&value-quantity=gt10000&_count=50",
                i -> "/Observation?code=" + enc("http://loinc.org|2157-6") + "&value-quantity=gt10000&_count=50");
        queries.put("Observation?code=...&date=ge2025-01-01&date=lt2025-07-01&_count=50",
                i -> "/Observation?code=" + enc("http://loinc.org|2157-6") + "&date=ge2025-01-01&date=lt2025-07-01&_count=50");
        queries.put("Condition?code=...&_include=Condition:subject&_count=50",
                i -> "/Condition?code=" + enc("http://snomed.info/sct|715863001") + "&_include=Condition:subject&_count=50");
        queries.put("Patient?name=...", i -> "/Patient?name=" + enc(cohort.get(i % cohort.size()).getNameFirstRep().getFamily()));
        queries.put("Patient?identifier=...", i -> "/Patient?identifier=" + enc("urn:imnm:bench:mrn|"
                + cohort.get(i % cohort.size()).getIdentifierFirstRep().getValue()));
        queries.put("Patient/X read", i -> "/Patient/" + p(cohort, i).getIdPart());
        queries.put("Observation?subject=Patient/X&_count=200",
                i -> "/Observation?subject=Patient/" + p(cohort, i).getIdPart() + "&_count=200");
        queries.put("[_total=accurate] Observation?code=...&value-quantity=gt10000&_count=50",
                i -> "/Observation?code=" + enc("http://loinc.org|2157-6") + "&value-quantity=gt10000&_count=50&_total=accurate");
        queries.put("[_total=accurate] Observation?code=...&date=ge2025-01-01&date=lt2025-07-01&_count=50",
                i -> "/Observation?code=" + enc("http://loinc.org|2157-6")
                        + "&date=ge2025-01-01&date=lt2025-07-01&_count=50&_total=accurate");
        // The second page of that search, by its next link: the link carries the first page's count.
        String dated = "/Observation?code=" + enc("http://loinc.org|2157-6")
                + "&date=ge2025-01-01&date=lt2025-07-01&_count=50&_total=accurate";
        String secondPage = ctx.newJsonParser().parseResource(Bundle.class, Latency.get(http, url + dated).body())
                .getLink("next").getUrl().substring(url.length());
        queries.put("[_total=accurate] the same, second page (next link)", i -> secondPage);
        queries.put("[_total=accurate] Condition?code=...&_include=Condition:subject&_count=50",
                i -> "/Condition?code=" + enc("http://snomed.info/sct|715863001")
                        + "&_include=Condition:subject&_count=50&_total=accurate");

        String only = Latency.arg(args, "--only", "");
        queries.keySet().removeIf(name -> !name.contains(only));
        Latency.measure(url, queries, rounds);
    }

    private static org.hl7.fhir.instance.model.api.IIdType p(List<Patient> cohort, int i) {
        return cohort.get(i % cohort.size()).getIdElement();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
