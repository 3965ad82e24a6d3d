package org.imnm.fhir.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ValueSet;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The shipped terminology: loaded once and only once, and answering as its sources say. */
class TerminologyContentTest extends FhirServerTest {

    static final String TERMINOLOGY = "content/imnm-terminology.json";
    static final String VS = "urn:imnm-fhir:ValueSet/";

    @Autowired
    ContentLoader loader;

    @BeforeEach
    void loaded() {
        loader.load(TERMINOLOGY);
    }

    private String get(String path) {
        var response = http.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void loadingAgainChangesNothing() {
        Bundle response = loader.load(TERMINOLOGY);
        assertThat(response.getEntry()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getResponse().getStatus()).startsWith("200");
            assertThat(e.getResponse().getEtag()).isEqualTo("W/\"1\"");
        });
    }

    @Test
    void theImnmConditionsValueSetHoldsTheCodesThatMeanImnm() {
        ValueSet vs = CLIENT_CONTEXT.newJsonParser().parseResource(ValueSet.class,
                get("ValueSet/$expand?url=" + VS + "imnm-conditions"));
        assertThat(vs.getExpansion().getContains()).extracting(c -> c.getSystem() + "|" + c.getCode())
                .containsExactly("http://snomed.info/sct|715863001", "http://hl7.org/fhir/sid/icd-10-cm|G72.49",
                        "http://hl7.org/fhir/sid/icd-10|G72.4", "http://www.orpha.net|206569");
        assertThat(vs.getExpansion().getContains().get(3).getDisplay()).isEqualTo("Immune-mediated necrotizing myopathy");
        // the subtypes come from our local code system, complete
        assertThat(get("ValueSet/$expand?url=" + VS + "imnm-subtypes")).contains("anti-srp").contains("anti-hmgcr")
                .contains("autoantibody-negative");
    }

    @Test
    void fragmentsSayHowEachCodeWasChecked() {
        assertThat(get("CodeSystem/$lookup?system=http://snomed.info/sct&code=715863001")).contains("mapping-only");
        assertThat(get("CodeSystem/$lookup?system=http://hl7.org/fhir/sid/icd-10-cm&code=M33.22"))
                .contains("\"valueCode\":\"M33.2\""); // parent
        // a code outside a fragment may still exist: the answer says so
        assertThat(get("CodeSystem/$validate-code?url=http://loinc.org&code=718-7")).contains("fragment");
    }

    @Test
    void theInflammatoryMyopathiesValueSetCombinesListsHierarchyAndAnotherValueSet() {
        String yes = "\"valueBoolean\":true", no = "\"valueBoolean\":false";
        String url = "ValueSet/$validate-code?url=" + VS + "idiopathic-inflammatory-myopathies";
        assertThat(get(url + "&system=http://hl7.org/fhir/sid/icd-10-cm&code=M33.22")).contains(yes); // is-a M33
        assertThat(get(url + "&system=http://www.orpha.net&code=206569")).contains(yes); // via imnm-conditions
        assertThat(get(url + "&system=http://hl7.org/fhir/sid/icd-10-cm&code=J84.9")).contains(no);
    }

    private java.util.List<String> ids(String query) {
        return searchIds(query);
    }

    @Test
    void theTerminologyResourcesAnswerTheirSearchParameters() {
        assertThat(ids("CodeSystem?content-mode=fragment&system=http://loinc.org")).containsExactly("loinc-imnm-fragment");
        assertThat(ids("CodeSystem?url=urn:imnm-fhir:CodeSystem/imnm-subtype&version=1.0.0&status=active"))
                .containsExactly("imnm-subtype");
        // R4's reference is ValueSet.compose.include.system: the code systems a value set draws on
        assertThat(ids("ValueSet?reference=urn:imnm-fhir:CodeSystem/imnm-subtype")).containsExactly("imnm-subtypes");
        assertThat(ids("ValueSet?reference=http://www.orpha.net")).containsExactlyInAnyOrder("imnm-conditions",
                "idiopathic-inflammatory-myopathies");
        assertThat(ids("ValueSet?title=autoantibody&name=AutoantibodyResults")).containsExactly("autoantibody-results");
        assertThat(ids("ConceptMap?source-uri=urn:imnm-fhir:ValueSet/idiopathic-inflammatory-myopathies&_count=50"))
                .hasSize(4);
        assertThat(ids("ConceptMap?source-system=http://snomed.info/sct&target-system=http://www.orpha.net"))
                .containsExactly("imnm-snomed-to-orphanet");
        assertThat(ids("ConceptMap?source-code=715863001&target-code=G72.49")).containsExactly("imnm-snomed-to-icd-10-cm");
    }

    @Test
    void conceptMapsTranslateBetweenTheTerminologies() {
        String forward = get("ConceptMap/$translate?system=http://snomed.info/sct&code=715863001"
                + "&targetsystem=http://hl7.org/fhir/sid/icd-10-cm");
        assertThat(forward).contains("\"G72.49\"").contains("\"wider\"");
        String reverse = get("ConceptMap/$translate?system=http://hl7.org/fhir/sid/icd-10-cm&code=G72.49"
                + "&targetsystem=http://snomed.info/sct&reverse=true");
        assertThat(reverse).contains("\"715863001\"").contains("\"narrower\"");
        assertThat(get("ConceptMap/$translate?system=http://snomed.info/sct&code=715863001"
                + "&targetsystem=http://www.orpha.net")).contains("\"206569\"").contains("\"equivalent\"");
        String icd11 = get("ConceptMap/$translate?system=http://snomed.info/sct&code=715863001"
                + "&targetsystem=http://id.who.int/icd/release/11/mms");
        assertThat(icd11).contains("\"valueBoolean\":false").contains("unmatched");
    }
}
