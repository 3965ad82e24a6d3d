package org.imnm.fhir.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo cohort: every subtype, every resource conforming to the profile it claims, loaded once. */
class DemoCohortTest extends FhirServerTest {

    @Autowired
    ContentLoader loader;

    @Test
    void coversEachSubtypeValidatesAgainstTheProfilesAndLoadsOnce() {
        loader.load(); // terminology and profiles, which the cohort is validated against
        Bundle first = loader.loadDemoCohort(6);
        assertThat(first.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).matches("20[01].*"));

        Bundle conditions = client.search().byUrl("Condition?identifier=" + DemoCohort.SYSTEM + "|&_count=50")
                .returnBundle(Bundle.class).execute();
        Map<String, Long> bySubtype = conditions.getEntry().stream().map(e -> (Condition) e.getResource())
                .collect(Collectors.groupingBy(c -> ((Coding) c.getExtensionByUrl(
                        "urn:imnm-fhir:StructureDefinition/imnm-subtype").getValue()).getCode(), Collectors.counting()));
        assertThat(bySubtype).containsOnly(Map.entry("anti-srp", 2L), Map.entry("anti-hmgcr", 2L),
                Map.entry("autoantibody-negative", 2L));
        // statin exposure only for anti-HMGCR
        assertThat(client.search().byUrl("MedicationStatement?identifier=" + DemoCohort.SYSTEM + "|")
                .returnBundle(Bundle.class).execute().getEntry()).hasSize(2);
        // CK series of six per patient, each claiming (and so validated against) the creatine kinase profile
        Bundle ck = client.search().byUrl("Observation?code=http://loinc.org|2157-6&identifier=" + DemoCohort.SYSTEM
                + "|&_count=100").returnBundle(Bundle.class).execute();
        assertThat(ck.getEntry()).hasSize(36).allSatisfy(e -> assertThat(e.getResource().getMeta().getProfile())
                .extracting(p -> p.getValue()).containsExactly("urn:imnm-fhir:StructureDefinition/creatine-kinase"));

        // the codes carry their text, so :text finds them as an EHR's would be found
        assertThat(client.search().byUrl("Observation?code:text=creatine%20kinase&identifier=" + DemoCohort.SYSTEM
                + "|&_count=100").returnBundle(Bundle.class).execute().getEntry()).hasSize(36);
        assertThat(client.search().byUrl("Observation?code:text=hmgcr&identifier=" + DemoCohort.SYSTEM
                + "|&_count=100").returnBundle(Bundle.class).execute().getEntry()).hasSize(6);

        Bundle again = loader.loadDemoCohort(6);
        assertThat(again.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getEtag()).isEqualTo("W/\"1\""));
    }
}
