package org.imnm.fhir.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/**
 * Plain JSON responses carry each resource's stored JSON as it is; every other form (here: _pretty, XML,
 * _summary, _elements, gzip, a batch's nested search) must say exactly what HAPI's encoder says.
 */
class StoredJsonResponsesTest extends FhirServerTest {

    private record Data(String tag, String patient, List<String> observations) {}

    private Data data() {
        String tag = unique();
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        p.addName().setFamily("Stored").addGiven("Jason");
        String patient = client.create().resource(p).execute().getId().getIdPart();
        List<String> obs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "2157-6", "CK")))
                    .setSubject(new Reference("Patient/" + patient))
                    .setValue(new Quantity().setValue(100 + i).setSystem("http://unitsofmeasure.org").setCode("U/L"));
            o.addIdentifier().setSystem("urn:test:tag").setValue(tag);
            o.addExtension("urn:test:note", new StringType("entry " + i));
            obs.add(client.create().resource(o).execute().getId().getIdPart());
        }
        return new Data(tag, patient, obs);
    }

    @Test
    void readSendsTheStoredResourceWithHapisHeaders() {
        Data d = data();
        String path = "Observation/" + d.observations().get(0);
        HttpResponse<String> stored = http.get(path);
        HttpResponse<String> encoded = http.get(path + "?_pretty=true");
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).doesNotContain("\n").contains("\"valueQuantity\"");
        assertThat(parse(stored.body(), Observation.class).equalsDeep(parse(encoded.body(), Observation.class))).isTrue();
        for (String header : List.of("ETag", "Last-Modified", "Content-Location", "Content-Type")) {
            assertThat(stored.headers().firstValue(header)).as(header).isPresent()
                    .isEqualTo(encoded.headers().firstValue(header));
        }
        assertThat(stored.headers().firstValue("ETag")).hasValue("W/\"1\"");

        // vread, and a read after an update, answer the version asked for
        Observation changed = parse(stored.body(), Observation.class);
        changed.getValueQuantity().setValue(999);
        client.update().resource(changed).execute();
        assertThat(parse(http.get(path + "/_history/1").body(), Observation.class).getValueQuantity().getValue())
                .isEqualByComparingTo("100");
        HttpResponse<String> current = http.get(path);
        assertThat(current.headers().firstValue("ETag")).hasValue("W/\"2\"");
        assertThat(parse(current.body(), Observation.class).getValueQuantity().getValue()).isEqualByComparingTo("999");
    }

    @Test
    void searchBundleMatchesHapisEncodingEntryByEntry() {
        Data d = data();
        String query = "Observation?identifier=urn:test:tag|" + d.tag() + "&_include=Observation:subject&_count=2&_total=accurate";
        Bundle stored = parse(http.get(query).body(), Bundle.class);
        Bundle encoded = parse(http.get(query + "&_pretty=true").body(), Bundle.class);
        assertSameEntries(stored, encoded);
        assertThat(stored.getTotal()).isEqualTo(3);
        assertThat(stored.getEntry()).hasSize(3); // two matches and their patient
        assertThat(stored.getLink("next").getUrl()).isEqualTo(encoded.getLink("next").getUrl().replace("&_pretty=true", ""));

        Bundle second = parse(http.get(stored.getLink("next").getUrl()).body(), Bundle.class);
        assertThat(second.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(d.observations().get(2), d.patient());
    }

    @Test
    void historyBundleMatchesHapisEncoding() {
        Data d = data();
        String path = "Observation/" + d.observations().get(1);
        Observation o = client.read().resource(Observation.class).withId(path).execute();
        o.setStatus(Observation.ObservationStatus.AMENDED);
        client.update().resource(o).execute();
        client.delete().resourceById("Observation", d.observations().get(1)).execute();
        Bundle stored = parse(http.get(path + "/_history").body(), Bundle.class);
        Bundle encoded = parse(http.get(path + "/_history?_pretty=true").body(), Bundle.class);
        assertThat(stored.getEntry()).hasSize(3);
        assertSameEntries(stored, encoded);
        assertThat(stored.getEntry().get(0).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.DELETE);
        assertThat(((Observation) stored.getEntry().get(1).getResource()).getStatus())
                .isEqualTo(Observation.ObservationStatus.AMENDED);
    }

    @Test
    void xmlSummaryAndElementsAreEncodedByHapi() {
        Data d = data();
        String path = "Observation/" + d.observations().get(0);
        HttpResponse<String> xml = http.get(path + "?_format=xml");
        assertThat(xml.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("xml"));
        Observation fromXml = CLIENT_CONTEXT.newXmlParser().parseResource(Observation.class, xml.body());
        assertThat(fromXml.equalsDeep(parse(http.get(path).body(), Observation.class))).isTrue();

        Bundle summary = parse(http.get("Observation?identifier=urn:test:tag|" + d.tag() + "&_summary=true").body(),
                Bundle.class);
        assertThat(summary.getEntry()).hasSize(3).allSatisfy(e -> {
            Observation o = (Observation) e.getResource();
            assertThat(o.getMeta().getTag()).extracting(Coding::getCode).contains("SUBSETTED");
            assertThat(o.hasExtension()).isFalse(); // not a summary element
            assertThat(o.hasValueQuantity()).isTrue();
        });

        Bundle elements = parse(http.get("Observation?identifier=urn:test:tag|" + d.tag() + "&_elements=code").body(),
                Bundle.class);
        assertThat(elements.getEntry()).hasSize(3).allSatisfy(e -> {
            Observation o = (Observation) e.getResource();
            assertThat(o.hasCode()).isTrue();
            assertThat(o.hasValueQuantity()).isFalse();
            assertThat(o.hasSubject()).isFalse();
        });
    }

    @Test
    void gzipIsHonoured() throws IOException {
        Data d = data();
        String query = "Observation?identifier=urn:test:tag|" + d.tag();
        HttpResponse<byte[]> zipped = http.sendBytes(http.request(query, "Accept-Encoding", "gzip").GET());
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(parse(body, Bundle.class).getEntry()).hasSize(3);
    }

    @Test
    void batchSearchEntriesCarryWholeResources() {
        Data d = data();
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?identifier=urn:test:tag|" + d.tag());
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + d.patient());
        HttpResponse<String> response = http.post("", CLIENT_CONTEXT.newJsonParser().encodeResourceToString(batch));
        Bundle result = parse(response.body(), Bundle.class);
        Bundle searched = (Bundle) result.getEntry().get(0).getResource();
        assertThat(searched.getEntry()).hasSize(3).allSatisfy(e ->
                assertThat(((Observation) e.getResource()).getValueQuantity().getCode()).isEqualTo("U/L"));
        assertThat(((Patient) result.getEntry().get(1).getResource()).getNameFirstRep().getFamily()).isEqualTo("Stored");
    }

    private static void assertSameEntries(Bundle stored, Bundle encoded) {
        assertThat(stored.getType()).isEqualTo(encoded.getType());
        assertThat(stored.getTotal()).isEqualTo(encoded.getTotal());
        assertThat(stored.getEntry()).hasSameSizeAs(encoded.getEntry());
        for (int i = 0; i < stored.getEntry().size(); i++) {
            Bundle.BundleEntryComponent a = stored.getEntry().get(i), b = encoded.getEntry().get(i);
            assertThat(a.getFullUrl()).isEqualTo(b.getFullUrl());
            assertThat(a.getSearch().equalsDeep(b.getSearch())).as("search of entry " + i).isTrue();
            assertThat(a.getRequest().equalsDeep(b.getRequest())).as("request of entry " + i).isTrue();
            assertThat(a.getResponse().equalsDeep(b.getResponse())).as("response of entry " + i).isTrue();
            assertThat(a.hasResource()).isEqualTo(b.hasResource());
            if (a.hasResource()) assertThat(a.getResource().equalsDeep(b.getResource())).as("entry " + i).isTrue();
        }
    }

    private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T parse(String body, Class<T> type) {
        return CLIENT_CONTEXT.newJsonParser().parseResource(type, body);
    }
}
