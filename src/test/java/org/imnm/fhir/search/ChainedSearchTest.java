package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Chained and reverse-chained parameters, token :not, and POST _search. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainedSearchTest extends FhirServerTest {

    private final String tag = unique();
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> ids = new HashMap<>();

    private String create(String label, org.hl7.fhir.r4.model.Resource r) {
        String id = CLIENT_CONTEXT.newRestfulGenericClient("http://localhost:" + port + "/fhir")
                .create().resource(r).execute().getId().getIdPart();
        labels.put(id, label);
        ids.put(label, id);
        return id;
    }

    private Observation obs(String patientId, String loinc) {
        return obsAbout("Patient/" + patientId, loinc);
    }

    private Observation obsAbout(String subject, String loinc) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", loinc, null)))
                .setSubject(new Reference(subject));
        o.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        return o;
    }

    @BeforeAll
    void data() {
        Patient ann = new Patient();
        ann.addName().setFamily("Chainwright" + tag.substring(0, 6));
        ann.addIdentifier().setSystem("urn:test:mrn").setValue("ann-" + tag);
        ann.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        String a = create("ann", ann);
        Patient bob = new Patient();
        bob.addName().setFamily("Otherfamily");
        bob.addIdentifier().setSystem("urn:test:mrn").setValue("bob-" + tag);
        bob.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        String b = create("bob", bob);
        create("annCK", obs(a, "2157-6"));
        create("annAldolase", obs(a, "1761-6"));
        create("bobAldolase", obs(b, "1761-6"));
        // subjects of the other types Observation.subject can point at: a Group and a Location
        Group cohort = new Group().setType(Group.GroupType.PERSON).setActual(false);
        cohort.addIdentifier().setSystem("urn:test:mrn").setValue("grp-" + tag);
        create("groupCK", obsAbout("Group/" + create("cohort", cohort), "2157-6"));
        Location ward = new Location().setName("Chainwright" + tag.substring(0, 6) + " ward");
        ward.addIdentifier().setSystem("urn:test:mrn").setValue("loc-" + tag);
        create("wardCK", obsAbout("Location/" + create("ward", ward), "2157-6"));
    }

    private Set<String> search(String url) {
        return client.search().byUrl(url).returnBundle(Bundle.class).execute().getEntry().stream()
                .map(e -> labels.get(e.getResource().getIdElement().getIdPart())).collect(Collectors.toSet());
    }

    @Test
    void chainedParametersFollowTheReference() {
        String scope = "Observation?identifier=urn:test:tag|" + tag + "&";
        assertThat(search(scope + "subject:Patient.name=chainwright")).containsExactlyInAnyOrder("annCK", "annAldolase");
        assertThat(search(scope + "subject:Patient.identifier=urn:test:mrn|bob-" + tag)).containsExactly("bobAldolase");
        // Observation.patient can only point at a Patient, so the type may be left out
        assertThat(search(scope + "patient.identifier=urn:test:mrn|ann-" + tag)).containsExactlyInAnyOrder("annCK", "annAldolase");
        assertThat(search(scope + "subject:Group.identifier=urn:test:mrn|grp-" + tag)).containsExactly("groupCK");
    }

    @Test
    void aChainWithoutATypeFollowsEveryTargetTypeWithThatParameter() {
        String scope = "Observation?identifier=urn:test:tag|" + tag + "&";
        // subject can point at a Patient, Group, Device or Location; all four have an identifier parameter
        assertThat(search(scope + "subject.identifier=urn:test:mrn|ann-" + tag)).containsExactlyInAnyOrder("annCK", "annAldolase");
        assertThat(search(scope + "subject.identifier=urn:test:mrn|grp-" + tag)).containsExactly("groupCK");
        assertThat(search(scope + "subject.identifier=urn:test:mrn|loc-" + tag + ",urn:test:mrn|bob-" + tag))
                .containsExactlyInAnyOrder("wardCK", "bobAldolase");
        // Patient and Location have a name parameter, Group does not: the Patient and the ward match
        assertThat(search(scope + "subject.name=chainwright")).containsExactlyInAnyOrder("annCK", "annAldolase", "wardCK");
        assertThat(search(scope + "subject.identifier=urn:test:mrn|ann-" + tag + "&code=http://loinc.org|2157-6"))
                .containsExactly("annCK");
        // a parameter no target type has is unknown; a value malformed for the one type that has it is a 400
        var unknown = http.get("Observation?subject.nosuchparameter=x", "Prefer", "handling=strict");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("subject.nosuchparameter");
        var malformed = http.get("Observation?subject.birthdate=notadate");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("birthdate");
    }

    @Test
    void reverseChainingFindsResourcesReferencedByMatches() {
        String scope = "Patient?identifier=urn:test:tag|" + tag + "&";
        // patients with a creatine kinase Observation: only Ann
        assertThat(search(scope + "_has:Observation:subject:code=http://loinc.org|2157-6")).containsExactly("ann");
        assertThat(search(scope + "_has:Observation:subject:code=1761-6")).containsExactlyInAnyOrder("ann", "bob");
    }

    @Test
    void tokenNotExcludesMatchesAndKeepsResourcesWithoutTheCode() {
        assertThat(search("Observation?identifier=urn:test:tag|" + tag + "&code:not=http://loinc.org|2157-6"))
                .containsExactlyInAnyOrder("annAldolase", "bobAldolase");
    }

    @Test
    void anUntypedChainSurvivesInPagingLinks() {
        Bundle first = client.search().byUrl("Observation?identifier=urn:test:tag|" + tag
                + "&subject.identifier=urn:test:mrn|ann-" + tag + ",urn:test:mrn|grp-" + tag + "&_count=2")
                .returnBundle(Bundle.class).execute();
        Bundle second = client.loadPage().next(first).execute();
        assertThat(Stream.concat(first.getEntry().stream(), second.getEntry().stream())
                .map(e -> labels.get(e.getResource().getIdElement().getIdPart())))
                .containsExactlyInAnyOrder("annCK", "annAldolase", "groupCK");
    }

    @Test
    void chainsSurviveInPagingLinks() {
        Bundle first = client.search().byUrl("Observation?identifier=urn:test:tag|" + tag
                + "&subject:Patient.name=chainwright&_count=1").returnBundle(Bundle.class).execute();
        Bundle second = client.loadPage().next(first).execute();
        assertThat(Set.of(labels.get(first.getEntryFirstRep().getResource().getIdElement().getIdPart()),
                labels.get(second.getEntryFirstRep().getResource().getIdElement().getIdPart())))
                .containsExactlyInAnyOrder("annCK", "annAldolase");
    }

    @Test
    void compartmentSearchListsThePatientsResources() {
        String ann = ids.get("ann");
        assertThat(search(base() + "/Patient/" + ann + "/Observation")).containsExactlyInAnyOrder("annCK", "annAldolase");
        assertThat(search(base() + "/Patient/" + ann + "/Observation?code=http://loinc.org|2157-6")).containsExactly("annCK");
        assertThat(search(base() + "/Patient/" + ids.get("bob") + "/Observation")).containsExactly("bobAldolase");
        assertThat(search(base() + "/Patient/" + ann + "/Condition")).isEmpty();
        Bundle first = client.search().byUrl(base() + "/Patient/" + ann + "/Observation?_count=1").returnBundle(Bundle.class).execute();
        Bundle second = client.loadPage().next(first).execute();
        assertThat(Set.of(labels.get(first.getEntryFirstRep().getResource().getIdElement().getIdPart()),
                labels.get(second.getEntryFirstRep().getResource().getIdElement().getIdPart())))
                .containsExactlyInAnyOrder("annCK", "annAldolase");
    }

    @Test
    void postSearchWithAFormBody() {
        var r = http.send(http.request("Observation/_search", "Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "identifier=urn:test:tag%7C" + tag + "&code=http://loinc.org%7C2157-6&subject=Patient/" + ids.get("ann"))));
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle b = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(b.getEntry()).hasSize(1);
        assertThat(labels.get(b.getEntryFirstRep().getResource().getIdElement().getIdPart())).isEqualTo("annCK");
    }
}
