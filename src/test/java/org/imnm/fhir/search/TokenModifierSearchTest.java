package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token :text (display, CodeableConcept.text, Identifier.type.text) and :of-type (Identifier type + value). */
class TokenModifierSearchTest extends FhirServerTest {

    private String tag;

    @BeforeEach
    void tag() {
        tag = unique();
    }

    private String condition(String display, String text) {
        Condition c = new Condition();
        c.addIdentifier().setSystem("urn:test:token-mod").setValue(tag);
        c.getCode().addCoding(new Coding("http://snomed.info/sct", "715863001", display));
        if (text != null) c.getCode().setText(text);
        c.getSubject().setReference("Patient/x");
        return client.create().resource(c).execute().getId().getIdPart();
    }

    private List<String> ids(String type, String query) {
        return searchIds(type + "?" + query);
    }

    @Test
    void textMatchesWordsOfTheDisplayOrTheConceptText() {
        String byDisplay = condition("Immune-mediated necrotizing myopathy", null);
        String byText = condition(null, "Nekrotisierende Myopathie (Arztbrief)");
        String scope = "identifier=urn:test:token-mod|" + tag + "&";
        assertThat(ids("Condition", scope + "code:text=necrotizing")).containsExactly(byDisplay);
        assertThat(ids("Condition", scope + "code:text=MYOPATH")).containsExactlyInAnyOrder(byDisplay, byText);
        assertThat(ids("Condition", scope + "code:text=nekrot")).containsExactly(byText);
        assertThat(ids("Condition", scope + "code:text=yopathy")).isEmpty(); // a word start, not anywhere
    }

    @Test
    void ofTypeMatchesTheIdentifierTypeAndValue() {
        Patient p = new Patient();
        var mrn = p.addIdentifier().setSystem("urn:test:hospital").setValue("MRN-" + tag);
        mrn.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
        p.addIdentifier().setSystem("urn:test:other").setValue("SSN-" + tag).getType().addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("SS");
        String id = client.create().resource(p).execute().getId().getIdPart();
        assertThat(ids("Patient", "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|MRN-" + tag))
                .containsExactly(id);
        assertThat(ids("Patient", "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|SS|MRN-" + tag))
                .isEmpty();
        assertThat(http.get("Patient?identifier:of-type=MR|MRN-" + tag).statusCode()).isEqualTo(400);
    }
}
