package org.imnm.fhir.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/** Writers racing on one resource: every write is kept or refused with 409, none half-done, never a 500. */
class ConcurrentWriteTest extends FhirServerTest {

    /** Transactions racing with the same If-None-Exist create the resource once; the others find it. */
    @Test
    void racingConditionalCreatesInTransactionsCreateOnce() throws Exception {
        String tag = unique();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test:race\",\"value\":\"" + tag + "\"}]},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"identifier=urn:test:race|" + tag
                + "\"}}]}";
        for (int i = 0; i < writers; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return http.post("", bundle);
            }));
        }
        start.countDown();
        int created = 0;
        for (Future<HttpResponse<String>> f : results) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (r.body().contains("201 Created")) created++;
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(searchIds("Patient?identifier=urn:test:race|" + tag)).hasSize(1);
    }

    @Test
    void racingCreatesOfOneIdKeepEveryAcceptedWrite() throws Exception {
        String id = "race-" + unique().substring(0, 8);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body = "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"Writer" + i + "\"}]}";
            results.add(pool.submit(() -> {
                start.await();
                return http.put("Patient/" + id, body);
            }));
        }
        start.countDown();
        int created = 0, updated = 0;
        for (Future<HttpResponse<String>> f : results) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isIn(200, 201, 409);
            if (r.statusCode() == 201) created++;
            if (r.statusCode() == 200) updated++;
            if (r.statusCode() == 409) assertThat(r.body()).contains("OperationOutcome").contains("retry");
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        Bundle history = client.history().onInstance(new IdType("Patient", id)).returnBundle(Bundle.class)
                .count(100).execute();
        // one version per accepted write, numbered without gaps
        assertThat(history.getEntry()).hasSize(created + updated);
        assertThat(history.getEntryFirstRep().getResource().getMeta().getVersionId())
                .isEqualTo(Integer.toString(created + updated));
        // a later version is never stamped earlier than the one it follows, however the writers raced
        List<org.hl7.fhir.r4.model.Resource> byVersion = history.getEntry().stream().map(e -> e.getResource())
                .sorted(java.util.Comparator.comparingInt(r -> Integer.parseInt(r.getMeta().getVersionId()))).toList();
        for (int i = 1; i < byVersion.size(); i++) {
            assertThat(byVersion.get(i).getMeta().getLastUpdated())
                    .isAfter(byVersion.get(i - 1).getMeta().getLastUpdated());
        }
    }
}
