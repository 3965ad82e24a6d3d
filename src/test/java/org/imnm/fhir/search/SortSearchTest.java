package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

class SortSearchTest extends FhirServerTest {

    private final Map<String, String> labelById = new HashMap<>();

    private void patient(String tag, String label, String family, String birthDate) {
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        if (family != null) p.addName().setFamily(family);
        if (birthDate != null) p.setBirthDateElement(new DateType(birthDate));
        labelById.put(client.create().resource(p).execute().getId().getIdPart(), label);
    }

    private String data() {
        String tag = unique();
        patient(tag, "alpha", "alpha", "1990-01-01");
        patient(tag, "Beta", "Beta", "1985-06-01");
        patient(tag, "Gamma", "Gamma", "1990-01-01");
        patient(tag, "none", null, null);
        return tag;
    }

    private List<String> order(String tag, String sortAndCount) {
        Bundle page = client.search().byUrl("Patient?identifier=urn:test:tag|" + tag + "&" + sortAndCount)
                .returnBundle(Bundle.class).execute();
        List<String> labels = new ArrayList<>();
        while (true) {
            page.getEntry().forEach(e -> labels.add(labelById.get(e.getResource().getIdElement().getIdPart())));
            if (page.getLink("next") == null) return labels;
            page = client.loadPage().next(page).execute();
        }
    }

    @Test
    void sortsByStringIgnoringCaseWithMissingValuesLast() {
        String tag = data();
        assertThat(order(tag, "_sort=family")).containsExactly("alpha", "Beta", "Gamma", "none");
        assertThat(order(tag, "_sort=-family")).containsExactly("Gamma", "Beta", "alpha", "none");
    }

    @Test
    void sortsBySeveralKeysBreakingTies() {
        String tag = data();
        // alpha and Gamma share a birth date: the second key orders them
        assertThat(order(tag, "_sort=birthdate,family")).containsExactly("Beta", "alpha", "Gamma", "none");
        assertThat(order(tag, "_sort=-birthdate,-family")).containsExactly("Gamma", "alpha", "Beta", "none");
    }

    @Test
    void sortedPagesFollowTheOrderAcrossPagesOneAtATime() {
        String tag = data();
        assertThat(order(tag, "_sort=-birthdate,family&_count=1")).containsExactly("alpha", "Gamma", "Beta", "none");
        assertThat(order(tag, "_sort=family&_count=1")).containsExactly("alpha", "Beta", "Gamma", "none");
    }

    @Test
    void rowsInsertedWhilePagingAppearOnlyIfTheyComeAfterTheCursor() {
        String tag = data();
        Bundle first = client.search().byUrl("Patient?identifier=urn:test:tag|" + tag + "&_sort=family&_count=2")
                .returnBundle(Bundle.class).execute();
        List<String> labels = new ArrayList<>();
        first.getEntry().forEach(e -> labels.add(labelById.get(e.getResource().getIdElement().getIdPart())));
        patient(tag, "Aaron", "Aaron", null); // sorts before the cursor: not seen, nothing repeated
        patient(tag, "Zed", "Zed", null);     // sorts after it: seen
        Bundle page = first;
        while (page.getLink("next") != null) {
            page = client.loadPage().next(page).execute();
            page.getEntry().forEach(e -> labels.add(labelById.get(e.getResource().getIdElement().getIdPart())));
        }
        assertThat(labels).containsExactly("alpha", "Beta", "Gamma", "Zed", "none");
    }

    @Test
    void unsortableKeysAre400() {
        assertThat(http.get("Patient?_sort=no-such-param").statusCode()).isEqualTo(400);
        assertThat(http.get("Observation?_sort=subject").statusCode()).isEqualTo(400);
    }
}
