package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StringType;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/** A SearchParameter created through the API indexes what is stored (by a reindex job) and what comes after. */
class SearchParameterApiTest extends FhirServerTest {

    private static final String EXT = "http://example.org/fhir/StructureDefinition/eye-colour";

    private String patient(String tag, String colour) {
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:test:sp-api").setValue(tag);
        p.addExtension(EXT, new StringType(colour));
        return client.create().resource(p).execute().getId().getIdPart();
    }

    private List<String> ids(String query) {
        return searchIds(query, "Prefer", "handling=strict");
    }

    private static SearchParameter eyeColour(String code, String expression) {
        SearchParameter sp = new SearchParameter();
        sp.setUrl("http://example.org/fhir/SearchParameter/" + code).setName("EyeColour")
                .setStatus(Enumerations.PublicationStatus.ACTIVE).setDescription("Eye colour, from an extension")
                .setCode(code).setType(Enumerations.SearchParamType.STRING).setExpression(expression);
        sp.addBase("Patient");
        return sp;
    }

    @Test
    void aNewParameterIndexesStoredAndNewResources() throws InterruptedException {
        String tag = unique();
        String code = "eye-colour-" + tag.substring(0, 8);
        String before = patient(tag, "Blue");
        assertThat(http.get("Patient?" + code + "=blue", "Prefer", "handling=strict").statusCode()).isEqualTo(400);

        String spId = client.create().resource(eyeColour(code, "Patient.extension('" + EXT + "').value"))
                .execute().getId().getIdPart();
        String after = patient(tag, "blue-green");
        String other = patient(tag, "brown");

        // the resource stored before is found once the reindex job reaches it
        String query = "Patient?identifier=urn:test:sp-api|" + tag + "&" + code + "=blue";
        for (int i = 0; i < 100 && ids(query).size() < 2; i++) Thread.sleep(100);
        assertThat(ids(query)).containsExactlyInAnyOrder(before, after);
        assertThat(ids("Patient?identifier=urn:test:sp-api|" + tag + "&" + code + ":exact=brown")).containsExactly(other);

        client.delete().resourceById("SearchParameter", spId).execute();
        assertThat(http.get("Patient?" + code + "=blue", "Prefer", "handling=strict").statusCode()).isEqualTo(400);
    }

    @Test
    void parametersThatCannotBeIndexedAre422() {
        var badExpression = http.post("SearchParameter", CLIENT_CONTEXT.newJsonParser()
                .encodeResourceToString(eyeColour("bad-" + unique().substring(0, 8), "Patient.name.where(")));
        assertThat(badExpression.statusCode()).isEqualTo(422);
        assertThat(badExpression.body()).contains("SearchParameter.expression"); // the validator checks it first
        var clash = http.post("SearchParameter", CLIENT_CONTEXT.newJsonParser()
                .encodeResourceToString(eyeColour("gender", "Patient.gender")));
        assertThat(clash.statusCode()).isEqualTo(422);
        assertThat(clash.body()).contains("already has a search parameter 'gender'");
        SearchParameter composite = eyeColour("comp-" + unique().substring(0, 8), "Patient");
        composite.setType(Enumerations.SearchParamType.COMPOSITE);
        assertThat(http.post("SearchParameter", CLIENT_CONTEXT.newJsonParser().encodeResourceToString(composite))
                .statusCode()).isEqualTo(422);
    }
}
