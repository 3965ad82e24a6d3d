package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/** A reference searched as an absolute URL of this server matches the local reference too. */
class AbsoluteReferenceSearchTest extends FhirServerTest {

    private List<String> ids(String query) {
        return searchIds(query);
    }

    @Test
    void absoluteUrlsOfThisServerMatchLocalAndAbsoluteReferences() {
        String patient = client.create().resource(new Patient().setActive(true)).execute().getId().getIdPart();
        Observation local = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        local.getCode().setText("local reference");
        local.getSubject().setReference("Patient/" + patient);
        String localId = client.create().resource(local).execute().getId().getIdPart();
        Observation absolute = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        absolute.getCode().setText("absolute reference");
        absolute.getSubject().setReference(base() + "/Patient/" + patient);
        String absoluteId = client.create().resource(absolute).execute().getId().getIdPart();

        assertThat(ids("Observation?subject=" + base() + "/Patient/" + patient))
                .containsExactlyInAnyOrder(localId, absoluteId);
        assertThat(ids("Observation?subject=Patient/" + patient)).containsExactly(localId);
        // another server's URL is only that URL
        assertThat(ids("Observation?subject=http://elsewhere.example/fhir/Patient/" + patient)).isEmpty();
        assertThat(ids("Patient/" + patient + "/Observation?subject=" + base() + "/Patient/" + patient))
                .contains(localId);
    }
}
