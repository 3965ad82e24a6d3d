package org.imnm.fhir.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TrialContentTest extends FhirServerTest {

    @Autowired
    ContentLoader loader;

    @BeforeEach
    void loaded() {
        loader.load("content/imnm-terminology.json"); // the ConceptMaps the condition search uses
        loader.load("content/imnm-trials.json"); // idempotent: also what start-up does
    }

    private Map<String, String> nctToStatus(String query) {
        Bundle b = client.search().byUrl("ResearchStudy?" + query).returnBundle(Bundle.class).execute();
        return b.getEntry().stream().filter(e -> e.getResource() instanceof ResearchStudy)
                .map(e -> (ResearchStudy) e.getResource())
                .collect(Collectors.toMap(r -> r.getIdentifierFirstRep().getValue(), r -> r.getStatus().toCode()));
    }

    @Test
    void theFourTrialsCarryTheirRegistryStatus() {
        assertThat(nctToStatus("identifier=https://clinicaltrials.gov|")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "NCT02971683", "administratively-completed", // abatacept phase 3: Terminated
                "NCT04025632", "administratively-completed", // zilucoplan phase 2: Terminated
                "NCT04450654", "withdrawn",                  // Gamunex-C MIGHT: Withdrawn
                "NCT06599697", "active"));                   // successor IVIG trial: listed as recruiting
        ResearchStudy successor = (ResearchStudy) client.search()
                .byUrl("ResearchStudy?identifier=https://clinicaltrials.gov|NCT06599697").returnBundle(Bundle.class)
                .execute().getEntryFirstRep().getResource();
        assertThat(successor.getNoteFirstRep().getText()).contains("not checked against a live registry");
        assertThat(successor.getNote().get(1).getText()).contains("Status unverified").contains("2026");
        assertThat(successor.hasSponsor()).as("sponsor is unverified, so left out").isFalse();
    }

    @Test
    void loadingAgainChangesNothing() {
        int versionsBefore = client.history().onType(ResearchStudy.class).returnBundle(Bundle.class).count(100)
                .execute().getEntry().size();
        Bundle response = loader.load("content/imnm-trials.json");
        assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("200 OK"))
                .allSatisfy(e -> assertThat(e.getResponse().getEtag()).isEqualTo("W/\"1\""));
        int versionsAfter = client.history().onType(ResearchStudy.class).returnBundle(Bundle.class).count(100)
                .execute().getEntry().size();
        assertThat(versionsAfter).isEqualTo(versionsBefore);
    }

    @Test
    void listingQueries() {
        // recruiting: status active
        assertThat(nctToStatus("status=active")).containsOnlyKeys("NCT06599697");
        // by intervention: IVIG (ATC J06BA02) and abatacept (RxNorm 614391)
        assertThat(nctToStatus("focus=http://www.whocc.no/atc|J06BA02")).containsOnlyKeys("NCT04450654", "NCT06599697");
        assertThat(nctToStatus("focus=http://www.nlm.nih.gov/research/umls/rxnorm|614391")).containsOnlyKeys("NCT02971683");
        // our SearchParameters: phase, condition (any coding system the studies carry), focus by name, recruiting
        assertThat(nctToStatus("phase=http://terminology.hl7.org/CodeSystem/research-study-phase|phase-3"))
                .containsOnlyKeys("NCT02971683");
        assertThat(nctToStatus("phase=phase-2")).containsOnlyKeys("NCT04025632", "NCT04450654", "NCT06599697");
        assertThat(nctToStatus("condition=http://hl7.org/fhir/sid/icd-10-cm|G72.49"))
                .containsOnlyKeys("NCT02971683", "NCT04025632", "NCT04450654", "NCT06599697");
        assertThat(nctToStatus("condition=http://snomed.info/sct|31384009")).containsOnlyKeys("NCT02971683");
        // through the ConceptMaps: no study carries an Orphanet or ICD-11 code; their SNOMED CT codes map to them
        assertThat(nctToStatus("condition=http://www.orpha.net|206569"))
                .containsOnlyKeys("NCT02971683", "NCT04025632", "NCT04450654", "NCT06599697");
        assertThat(nctToStatus("condition=http://id.who.int/icd/release/11/mms|4A41.1")).containsOnlyKeys("NCT02971683");
        assertThat(nctToStatus("condition=http://www.orpha.net|611")).isEmpty(); // IBM: maps to SNOMED, no study has it
        assertThat(nctToStatus("focus-text=abata")).containsOnlyKeys("NCT02971683");
        assertThat(nctToStatus("focus-text:contains=ivig")).containsOnlyKeys("NCT06599697");
        assertThat(nctToStatus("recruiting=true")).containsOnlyKeys("NCT06599697");
        assertThat(nctToStatus("recruiting=false")).containsOnlyKeys("NCT02971683", "NCT04025632", "NCT04450654");
        // with sponsor and site included
        Bundle withIncludes = client.search().byUrl("ResearchStudy?identifier=https://clinicaltrials.gov|NCT04450654"
                + "&_include=ResearchStudy:sponsor&_include=ResearchStudy:site").returnBundle(Bundle.class).execute();
        assertThat(withIncludes.getEntry().stream().map(e -> e.getResource().fhirType() + ":" + e.getSearch().getMode().toCode()))
                .containsExactlyInAnyOrder("ResearchStudy:match", "Organization:include", "Location:include");
        // enrollment Groups state eligibility in coded form
        ResearchStudy zilucoplan = (ResearchStudy) client.search()
                .byUrl("ResearchStudy?identifier=https://clinicaltrials.gov|NCT04025632").returnBundle(Bundle.class)
                .execute().getEntryFirstRep().getResource();
        var group = client.read().resource(org.hl7.fhir.r4.model.Group.class)
                .withUrl(zilucoplan.getEnrollmentFirstRep().getReference()).execute();
        assertThat(group.getCharacteristic()).anySatisfy(c -> {
            assertThat(c.getCode().getCodingFirstRep().getCode()).isEqualTo("2157-6");
            assertThat(c.getValueQuantity().getValue().intValue()).isEqualTo(1000);
        });
    }
}
