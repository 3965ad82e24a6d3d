package org.imnm.fhir.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

class CrudInteractionTest extends FhirServerTest {

    private Patient patient(String family) {
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:test:mrn").setValue(unique());
        p.addName().setFamily(family);
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        return p;
    }

    @Test
    void createAssignsIdAndAnswersWithLocationEtagAndLastModified() {
        HttpResponse<String> r = http.post("Patient",
                "{\"resourceType\":\"Patient\",\"id\":\"client-chosen\",\"name\":[{\"family\":\"Ames\"}]}");
        assertThat(r.statusCode()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/fhir/Patient/[0-9a-f-]{36}/_history/1");
        assertThat(location).doesNotContain("client-chosen"); // create ignores a client id
        assertThat(r.headers().firstValue("ETag")).contains("W/\"1\"");
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();

        Patient read = client.read().resource(Patient.class).withUrl(location).execute();
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Ames");
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void updateMakesNewVersionsAndVreadReturnsEachVersion() {
        IdType id = (IdType) client.create().resource(patient("One")).execute().getId();
        Patient v2 = patient("Two");
        v2.setId(id.toUnqualifiedVersionless());
        MethodOutcome out = client.update().resource(v2).execute();
        assertThat(out.getId().getVersionIdPart()).isEqualTo("2");

        Patient first = client.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
        Patient second = client.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "2").execute();
        assertThat(first.getNameFirstRep().getFamily()).isEqualTo("One");
        assertThat(second.getNameFirstRep().getFamily()).isEqualTo("Two");
        assertThat(client.read().resource(Patient.class).withId(id.getIdPart()).execute().getMeta().getVersionId())
                .isEqualTo("2");
    }

    @Test
    void anUpdateThatChangesNothingMakesNoNewVersion() {
        String id = "same-" + unique().substring(0, 8);
        String body = "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":true}";
        assertThat(http.put("Patient/" + id, body).statusCode()).isEqualTo(201);
        HttpResponse<String> again = http.put("Patient/" + id, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("ETag")).contains("W/\"1\"");
        HttpResponse<String> changed = http.put("Patient/" + id, body.replace("true", "false"));
        assertThat(changed.headers().firstValue("ETag")).contains("W/\"2\"");
    }

    @Test
    void updateWithANewClientIdCreatesTheResource() {
        String id = "p-" + unique().substring(0, 8);
        HttpResponse<String> r = http.put("Patient/" + id,
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":true}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(http.put("Patient/" + id, "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":false}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void deletedResourceAnswers410AndKeepsItsHistory() {
        IdType id = (IdType) client.create().resource(patient("Gone")).execute().getId();
        client.delete().resourceById(id.toUnqualifiedVersionless()).execute();

        assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id.getIdPart()).execute())
                .isInstanceOf(ResourceGoneException.class);
        Bundle history = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
        assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
        assertThat(history.getEntry()).hasSize(2);
        assertThat(history.getEntry().get(0).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.DELETE);
        assertThat(history.getEntry().get(1).getResource()).isInstanceOf(Patient.class);
    }

    @Test
    void deleteOfAnUnknownIdIs404() {
        assertThat(http.delete("Patient/never-was-" + unique().substring(0, 8)).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> client.read().resource(Patient.class).withId("nope-" + unique()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void typeHistoryListsNewestFirstAndPagesWithLinks() {
        for (int i = 0; i < 3; i++) client.create().resource(patient("Hist" + i)).execute();
        Bundle page = client.history().onType(Patient.class).returnBundle(Bundle.class).count(2).execute();
        assertThat(page.getEntry()).hasSize(2);
        assertThat(page.getEntry().get(0).getResource().getMeta().getLastUpdated())
                .isAfterOrEqualTo(page.getEntry().get(1).getResource().getMeta().getLastUpdated());
        assertThat(page.getLink("next")).isNotNull();
        Bundle next = client.loadPage().next(page).execute();
        assertThat(next.getEntry()).isNotEmpty();
        assertThat(next.getEntryFirstRep().getFullUrl()).isNotEqualTo(page.getEntryFirstRep().getFullUrl());
    }

    @Test
    void ifMatchWithAStaleVersionIs412AndChangesNothing() {
        IdType id = (IdType) client.create().resource(patient("Lock")).execute().getId();
        String body = "{\"resourceType\":\"Patient\",\"id\":\"" + id.getIdPart() + "\",\"active\":true}";
        assertThat(http.put("Patient/" + id.getIdPart(), body, "If-Match", "W/\"1\"").statusCode()).isEqualTo(200);
        assertThat(http.put("Patient/" + id.getIdPart(), body, "If-Match", "W/\"1\"").statusCode()).isEqualTo(412);
        assertThat(http.delete("Patient/" + id.getIdPart(), "If-Match", "W/\"1\"").statusCode()).isEqualTo(412);
        assertThat(client.read().resource(Patient.class).withId(id.getIdPart()).execute().getMeta().getVersionId())
                .isEqualTo("2");
    }

    @Test
    void conditionalReadsAnswer304() {
        IdType id = (IdType) client.create().resource(patient("Cache")).execute().getId();
        HttpResponse<String> first = http.get("Patient/" + id.getIdPart());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(http.get("Patient/" + id.getIdPart(), "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(http.get("Patient/" + id.getIdPart(), "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(http.get("Patient/" + id.getIdPart(), "If-None-Match", "W/\"99\"").statusCode()).isEqualTo(200);
        assertThat(http.get("Patient/" + id.getIdPart(), "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT")
                .statusCode()).isEqualTo(200);
        // not an HTTP date: ignored, as RFC 9110 says (HAPI's read failed on it with a 500)
        assertThat(http.get("Patient/" + id.getIdPart(), "If-Modified-Since", "garbage").statusCode()).isEqualTo(200);
        assertThat(http.get("Patient/" + id.getIdPart(), "If-Modified-Since", "garbage", "If-None-Match", etag)
                .statusCode()).isEqualTo(304);
    }

    @Test
    void preferHeaderChoosesTheResponseBody() {
        String body = "{\"resourceType\":\"Patient\",\"active\":true}";
        HttpResponse<String> minimal = http.post("Patient", body, "Prefer", "return=minimal");
        assertThat(minimal.statusCode()).isEqualTo(201);
        assertThat(minimal.body()).isEmpty();
        HttpResponse<String> representation = http.post("Patient", body, "Prefer", "return=representation");
        assertThat(representation.body()).contains("\"resourceType\":\"Patient\"").contains("\"versionId\":\"1\"");
        HttpResponse<String> outcome = http.post("Patient", body, "Prefer", "return=OperationOutcome");
        assertThat(outcome.body()).contains("\"resourceType\":\"OperationOutcome\"").contains("Created Patient/");
    }

    @Test
    void servesXmlAndJsonByFormatAndAccept() {
        IdType id = (IdType) client.create().resource(patient("Xml")).execute().getId();
        HttpResponse<String> xml = http.get("Patient/" + id.getIdPart() + "?_format=xml");
        assertThat(xml.headers().firstValue("Content-Type").orElseThrow()).contains("xml");
        assertThat(xml.body()).contains("<Patient xmlns=\"http://hl7.org/fhir\">");
        HttpResponse<String> accept = http.get("Patient/" + id.getIdPart(), "Accept", "application/fhir+xml");
        assertThat(accept.body()).startsWith("<Patient");
        HttpResponse<String> pretty = http.get("Patient/" + id.getIdPart() + "?_pretty=true");
        assertThat(pretty.body()).contains("\n  \"resourceType\"");

        String created = http.post("Patient?_format=json",
                "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>",
                "Content-Type", "application/fhir+xml").body();
        assertThat(created).contains("\"active\":true");
    }
}
