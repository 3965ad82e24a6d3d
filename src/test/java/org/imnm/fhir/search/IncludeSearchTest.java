package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

class IncludeSearchTest extends FhirServerTest {

    private record Data(String tag, String org, String patient, String obs1, String obs2) {}

    private Data data() {
        String tag = unique();
        Organization o = new Organization().setName("Clinic");
        o.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        String org = client.create().resource(o).execute().getId().getIdPart();
        Patient p = new Patient().setManagingOrganization(new Reference("Organization/" + org));
        p.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        String patient = client.create().resource(p).execute().getId().getIdPart();
        String[] obs = new String[2];
        for (int i = 0; i < 2; i++) {
            Observation ob = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "2157-6", null)))
                    .setSubject(new Reference("Patient/" + patient));
            ob.addIdentifier().setSystem("urn:test:tag").setValue(tag);
            obs[i] = client.create().resource(ob).execute().getId().getIdPart();
        }
        return new Data(tag, org, patient, obs[0], obs[1]);
    }

    /** id -> search mode, for every entry. */
    private Map<String, String> modes(String url) {
        Bundle b = client.search().byUrl(url).returnBundle(Bundle.class).execute();
        return b.getEntry().stream().collect(Collectors.toMap(
                e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart(),
                e -> e.getSearch().getMode().toCode()));
    }

    @Test
    void includeBringsTheReferencedResourceOnceMarkedInclude() {
        Data d = data();
        assertThat(modes("Observation?identifier=urn:test:tag|" + d.tag() + "&_include=Observation:subject"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Observation/" + d.obs1(), "match",
                        "Observation/" + d.obs2(), "match", "Patient/" + d.patient(), "include"));
        // a target-type filter that does not fit brings nothing
        assertThat(modes("Observation?identifier=urn:test:tag|" + d.tag() + "&_include=Observation:subject:Group"))
                .hasSize(2);
    }

    @Test
    void revincludeBringsTheResourcesPointingAtTheMatches() {
        Data d = data();
        assertThat(modes("Patient?identifier=urn:test:tag|" + d.tag() + "&_revinclude=Observation:subject"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Patient/" + d.patient(), "match",
                        "Observation/" + d.obs1(), "include", "Observation/" + d.obs2(), "include"));
    }

    @Test
    void wildcardAndIterateFollowFurther() {
        Data d = data();
        // Patient:* follows managingOrganization (and any other reference parameter)
        assertThat(modes("Patient?identifier=urn:test:tag|" + d.tag() + "&_include=Patient:*"))
                .containsEntry("Organization/" + d.org(), "include");
        // without :iterate, the organization two hops away is not reached; with it, it is
        String base = "Observation?identifier=urn:test:tag|" + d.tag() + "&_include=Observation:subject";
        assertThat(modes(base)).doesNotContainKey("Organization/" + d.org());
        assertThat(modes(base + "&_include:iterate=Patient:organization"))
                .containsEntry("Organization/" + d.org(), "include");
    }

    @Test
    void includesSurviveIntoTheNextPage() {
        Data d = data();
        Bundle first = client.search().byUrl("Observation?identifier=urn:test:tag|" + d.tag()
                + "&_include=Observation:subject&_count=1").returnBundle(Bundle.class).execute();
        Bundle second = client.loadPage().next(first).execute();
        assertThat(second.getEntry()).hasSize(2);
        assertThat(second.getEntry().stream().anyMatch(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE))
                .isTrue();
    }

    @Test
    void malformedIncludesAre400() {
        assertThat(http.get("Observation?_include=Observation:code").statusCode()).isEqualTo(400);
        assertThat(http.get("Observation?_include=Patient:organization").statusCode()).isEqualTo(400);
        assertThat(http.get("Observation?_include=nonsense").body()).contains("_include");
    }
}
