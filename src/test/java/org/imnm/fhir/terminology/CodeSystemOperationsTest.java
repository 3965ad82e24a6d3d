package org.imnm.fhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CodeSystemOperationsTest extends FhirServerTest {

    private String url;
    private String id;

    @BeforeEach
    void load() {
        url = "http://example.org/fhir/test-myopathies/" + unique();
        id = client.create().resource(TerminologyFixtures.myopathies(url)).execute().getId().getIdPart();
    }

    private Parameters ok(String path) {
        return getOk(path, Parameters.class);
    }

    private static List<String> properties(Parameters p, String code) {
        return p.getParameter().stream().filter(x -> x.getName().equals("property"))
                .filter(x -> x.getPart().stream().anyMatch(part -> part.getName().equals("code")
                        && part.getValue().primitiveValue().equals(code)))
                .map(x -> x.getPart().stream().filter(part -> part.getName().equals("value")).findFirst().orElseThrow()
                        .getValue().primitiveValue())
                .toList();
    }

    @Test
    void lookupGivesDisplayDesignationsPropertiesParentsAndChildren() {
        Parameters p = ok("CodeSystem/$lookup?system=" + url + "&code=imnm");
        assertThat(p.getParameterValue("name").primitiveValue()).isEqualTo("TestMyopathies");
        assertThat(p.getParameterValue("version").primitiveValue()).isEqualTo("1.0.0");
        assertThat(p.getParameterValue("display").primitiveValue()).isEqualTo("Immune-mediated necrotizing myopathy");
        assertThat(properties(p, "severity")).containsExactly("high");
        assertThat(properties(p, "parent")).containsExactly("myositis");
        assertThat(properties(p, "child")).containsExactly("anti-srp", "anti-hmgcr");

        Parameters myositis = ok("CodeSystem/$lookup?system=" + url + "&code=myositis&displayLanguage=de");
        assertThat(myositis.getParameterValue("display").primitiveValue()).isEqualTo("Entzündliche Myopathie");
        assertThat(myositis.getParameter().stream().filter(x -> x.getName().equals("designation")).toList()).hasSize(1);

        // a parent given by property rather than by nesting
        assertThat(properties(ok("CodeSystem/$lookup?system=" + url + "&code=legacy"), "parent"))
                .containsExactly("muscle-disease");
        // instance level, and asking for one property only
        Parameters onlyParent = ok("CodeSystem/" + id + "/$lookup?code=anti-srp&property=parent");
        assertThat(properties(onlyParent, "parent")).containsExactly("imnm");
        assertThat(properties(onlyParent, "child")).isEmpty();
    }

    @Test
    void lookupByPostWithACoding() {
        Parameters in = new Parameters();
        in.addParameter().setName("coding").setValue(new Coding(url, "dm", null));
        Parameters out = client.operation().onType(CodeSystem.class).named("$lookup").withParameters(in).execute();
        assertThat(out.getParameterValue("display").primitiveValue()).isEqualTo("Dermatomyositis");
    }

    @Test
    void lookupOfAnUnknownCodeOrSystemIs404WithAnOperationOutcome() {
        var unknownCode = http.get("CodeSystem/$lookup?system=" + url + "&code=nope");
        assertThat(unknownCode.statusCode()).isEqualTo(404);
        assertThat(unknownCode.body()).contains("OperationOutcome").contains("Unknown code 'nope'");
        var unknownSystem = http.get("CodeSystem/$lookup?system=urn:test:none&code=x");
        assertThat(unknownSystem.statusCode()).isEqualTo(404);
        assertThat(unknownSystem.body()).contains("Unknown code system 'urn:test:none'");
        assertThat(http.get("CodeSystem/$lookup?code=x").statusCode()).isEqualTo(400);
    }

    @Test
    void validateCodeChecksCodeAndDisplay() {
        Parameters known = ok("CodeSystem/$validate-code?url=" + url + "&code=dm");
        assertThat(((BooleanType) known.getParameterValue("result")).booleanValue()).isTrue();
        assertThat(known.getParameterValue("display").primitiveValue()).isEqualTo("Dermatomyositis");

        Parameters wrongDisplay = ok("CodeSystem/$validate-code?url=" + url + "&code=dm&display=Polymyositis");
        assertThat(((BooleanType) wrongDisplay.getParameterValue("result")).booleanValue()).isFalse();
        assertThat(wrongDisplay.getParameterValue("message").primitiveValue()).contains("'Polymyositis'");

        // a designation is a valid display too
        Parameters designation = ok("CodeSystem/" + id + "/$validate-code?code=myositis&display=Entz%C3%BCndliche%20Myopathie");
        assertThat(((BooleanType) designation.getParameterValue("result")).booleanValue()).isTrue();

        Parameters unknown = ok("CodeSystem/$validate-code?url=" + url + "&code=polymyositis");
        assertThat(((BooleanType) unknown.getParameterValue("result")).booleanValue()).isFalse();
        assertThat(unknown.getParameterValue("message").primitiveValue()).contains("Unknown code 'polymyositis'");
    }

    @Test
    void validateCodeOfACodeableConceptLooksAtItsCodingsInTheCodeSystem() {
        var cc = new org.hl7.fhir.r4.model.CodeableConcept();
        cc.addCoding().setSystem("http://snomed.info/sct").setCode("31384009"); // another system: not counted
        cc.addCoding().setSystem(url).setCode("imnm");
        Parameters in = new Parameters();
        in.addParameter().setName("url").setValue(new org.hl7.fhir.r4.model.UriType(url));
        in.addParameter().setName("codeableConcept").setValue(cc);
        Parameters valid = client.operation().onType(CodeSystem.class).named("$validate-code").withParameters(in).execute();
        assertThat(((BooleanType) valid.getParameterValue("result")).booleanValue()).isTrue();

        cc.getCoding().get(1).setCode("not-here");
        Parameters invalid = client.operation().onType(CodeSystem.class).named("$validate-code").withParameters(in).execute();
        assertThat(((BooleanType) invalid.getParameterValue("result")).booleanValue()).isFalse();
        assertThat(invalid.getParameterValue("message").primitiveValue()).contains("not-here");
    }

    @Test
    void subsumesFollowsNestingAndParentProperties() {
        assertThat(outcome("myositis", "anti-srp")).isEqualTo("subsumes");
        assertThat(outcome("anti-hmgcr", "muscle-disease")).isEqualTo("subsumed-by");
        assertThat(outcome("imnm", "imnm")).isEqualTo("equivalent");
        assertThat(outcome("dm", "imnm")).isEqualTo("not-subsumed");
        assertThat(outcome("muscle-disease", "legacy")).isEqualTo("subsumes");
        assertThat(http.get("CodeSystem/$subsumes?system=" + url + "&codeA=dm&codeB=nope").statusCode()).isEqualTo(400);
    }

    private String outcome(String a, String b) {
        return ok("CodeSystem/$subsumes?system=" + url + "&codeA=" + a + "&codeB=" + b).getParameterValue("outcome")
                .primitiveValue();
    }

    @Test
    void updateReplacesTheConceptsAndDeleteRemovesThem() {
        CodeSystem changed = TerminologyFixtures.myopathies(url);
        changed.setId(id);
        changed.getConcept().get(0).setDisplay("Disease of muscle");
        changed.addConcept().setCode("new-one").setDisplay("Added later");
        client.update().resource(changed).execute();
        assertThat(ok("CodeSystem/$lookup?system=" + url + "&code=muscle-disease").getParameterValue("display")
                .primitiveValue()).isEqualTo("Disease of muscle");
        assertThat(ok("CodeSystem/$lookup?system=" + url + "&code=new-one").getParameterValue("display")
                .primitiveValue()).isEqualTo("Added later");

        client.delete().resourceById("CodeSystem", id).execute();
        assertThat(http.get("CodeSystem/$lookup?system=" + url + "&code=imnm").statusCode()).isEqualTo(404);
    }

    @Test
    void theNewestVersionAnswersUnlessAVersionIsGiven() {
        CodeSystem v2 = TerminologyFixtures.myopathies(url).setVersion("1.10.0");
        v2.getConcept().get(0).setDisplay("Muscle disease (v1.10)");
        client.create().resource(v2).execute();
        assertThat(ok("CodeSystem/$lookup?system=" + url + "&code=muscle-disease").getParameterValue("display")
                .primitiveValue()).isEqualTo("Muscle disease (v1.10)");
        assertThat(ok("CodeSystem/$lookup?system=" + url + "&version=1.0.0&code=muscle-disease")
                .getParameterValue("display").primitiveValue()).isEqualTo("Muscle disease");
    }

    @Test
    void aCodeSystemWithADuplicateCodeIsRejected() {
        CodeSystem cs = TerminologyFixtures.myopathies("urn:test:dup:" + unique());
        cs.addConcept().setCode("dm").setDisplay("Again");
        var response = http.post("CodeSystem", CLIENT_CONTEXT.newJsonParser().encodeResourceToString(cs));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("'dm'");
        assertThat(found("CodeSystem?url=" + cs.getUrl())).isEqualTo(0);
    }

    private int found(String query) {
        return searchIds(query).size();
    }

    @Test
    void terminologyResourcesAreSearchableByTheirSpecificationParameters() {
        assertThat(found("CodeSystem?url=" + url)).isEqualTo(1);
        assertThat(found("CodeSystem?system=" + url + "&code=muscle-disease")).isEqualTo(1);
        // R4 defines code as CodeSystem.concept.code: top-level concepts only
        assertThat(found("CodeSystem?system=" + url + "&code=anti-srp")).isZero();
        assertThat(found("CodeSystem?url:below=http://example.org/fhir/test-myopathies")).isPositive();
        assertThat(found("CodeSystem?url:below=http://example.org/fhir/test-myo")).isZero();
        assertThat(found("CodeSystem?url:above=" + url + "/sub/part")).isEqualTo(1);
        assertThat(found("CodeSystem?url=" + url + "&version=1.0.0&name=testmyo&content-mode=complete")).isEqualTo(1);
        assertThat(found("CodeSystem?url=" + url + "&version=9")).isEqualTo(0);
        var notFound = http.get("CodeSystem/$lookup?system=" + url + "&code=zzz");
        assertThat(CLIENT_CONTEXT.newJsonParser().parseResource(OperationOutcome.class, notFound.body()).getIssueFirstRep()
                .getDiagnostics()).contains("zzz");
    }
}
