package org.imnm.fhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Parameters;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConceptMapTranslateTest extends FhirServerTest {

    private String source;
    private String target;
    private String mapUrl;
    private String mapId;

    @BeforeEach
    void load() {
        source = "http://example.org/fhir/test-source/" + unique();
        target = "http://example.org/fhir/test-target/" + unique();
        mapUrl = "http://example.org/fhir/ConceptMap/" + unique();
        mapId = client.create().resource(TerminologyFixtures.map(mapUrl, source, target)).execute().getId().getIdPart();
    }

    private Parameters ok(String path) {
        return getOk(path, Parameters.class);
    }

    /** "equivalence code" of each match. */
    private static List<String> matches(Parameters p) {
        return p.getParameter().stream().filter(x -> x.getName().equals("match")).map(m -> {
            String eq = m.getPart().stream().filter(x -> x.getName().equals("equivalence")).findFirst().orElseThrow()
                    .getValue().primitiveValue();
            String code = m.getPart().stream().filter(x -> x.getName().equals("concept")).findFirst()
                    .map(x -> ((Coding) x.getValue()).getCode()).orElse("-");
            return eq + " " + code;
        }).toList();
    }

    private static boolean result(Parameters p) {
        return ((BooleanType) p.getParameterValue("result")).booleanValue();
    }

    @Test
    void translatesForwardsWithEquivalenceAndTheMapThatSaysSo() {
        Parameters p = ok("ConceptMap/$translate?system=" + source + "&code=imnm&targetsystem=" + target);
        assertThat(result(p)).isTrue();
        assertThat(matches(p)).containsExactly("equivalent T1");
        var match = p.getParameter().stream().filter(x -> x.getName().equals("match")).findFirst().orElseThrow();
        assertThat(match.getPart()).anyMatch(x -> x.getName().equals("source") && x.getValue().primitiveValue().equals(mapUrl));

        assertThat(matches(ok("ConceptMap/" + mapId + "/$translate?system=" + source + "&code=myositis")))
                .containsExactly("wider T2");
    }

    @Test
    void reverseReadsTheMapBackwardsAndFlipsWiderAndNarrower() {
        Parameters p = ok("ConceptMap/$translate?url=" + mapUrl + "&system=" + target + "&code=T2&reverse=true");
        assertThat(result(p)).isTrue();
        assertThat(matches(p)).containsExactly("narrower myositis");
    }

    @Test
    void unmatchedAndUnknownCodesGiveResultFalse() {
        Parameters unmatched = ok("ConceptMap/$translate?system=" + source + "&code=dm");
        assertThat(result(unmatched)).isFalse();
        assertThat(matches(unmatched)).containsExactly("unmatched -");

        Parameters unknown = ok("ConceptMap/$translate?system=" + source + "&code=nothing");
        assertThat(result(unknown)).isFalse();
        assertThat(unknown.getParameterValue("message").primitiveValue()).contains("No mapping found");

        assertThat(result(ok("ConceptMap/$translate?system=" + source + "&code=imnm&targetsystem=http://other")))
                .isFalse();
        assertThat(http.get("ConceptMap/$translate?url=http://example.org/none&system=x&code=y").statusCode())
                .isEqualTo(404);
        assertThat(http.get("ConceptMap/$translate").statusCode()).isEqualTo(400);
    }

    @Test
    void aCodeableConceptByPost() {
        Parameters in = new Parameters();
        var cc = new org.hl7.fhir.r4.model.CodeableConcept();
        cc.addCoding().setSystem(source).setCode("imnm");
        in.addParameter().setName("codeableConcept").setValue(cc);
        Parameters out = client.operation().onType(ConceptMap.class).named("$translate").withParameters(in).execute();
        assertThat(matches(out)).containsExactly("equivalent T1");
    }

    @Test
    void conceptMapsAreSearchableBySourceAndTarget() {
        var bundle = http.get("ConceptMap?source-system=" + source + "&target-system=" + target);
        assertThat(bundle.body()).contains(mapId);
        assertThat(http.get("ConceptMap?url=" + mapUrl).body()).contains(mapId);
        assertThat(http.get("ConceptMap?source-code=imnm&target-code=T1&url=" + mapUrl).body()).contains(mapId);
    }
}
