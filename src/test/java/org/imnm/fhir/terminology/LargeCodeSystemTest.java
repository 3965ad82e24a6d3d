package org.imnm.fhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/**
 * A 100,000-concept CodeSystem loads in one request and answers the operations correctly. (Speed is
 * measured by TerminologyBenchmark, not here.)
 */
class LargeCodeSystemTest extends FhirServerTest {

    @Test
    void oneHundredThousandConceptsLoadInOnePostAndExpandWithAFilter() {
        String url = "http://example.org/fhir/test-large/" + unique();
        CodeSystem cs = LargeCodeSystems.generate(url, 100, 1000);
        String body = CLIENT_CONTEXT.newJsonParser().encodeResourceToString(cs);
        var created = http.post("CodeSystem", body, "Prefer", "return=minimal");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        ValueSet vs = new ValueSet();
        vs.setUrl(url + "/vs").setStatus(Enumerations.PublicationStatus.ACTIVE);
        vs.getCompose().addInclude().setSystem(url);
        client.create().resource(vs).execute();

        // the expected matches, counted from the generated concepts themselves
        long necrotizingCreatine = cs.getConcept().stream().flatMap(g -> g.getConcept().stream())
                .filter(c -> c.getDisplay().contains("necrotizing") && c.getDisplay().contains("creatine")).count();
        var page = http.get("ValueSet/$expand?url=" + vs.getUrl() + "&filter=creat%20necro&count=20");
        assertThat(page.statusCode()).isEqualTo(200);
        ValueSet expanded = CLIENT_CONTEXT.newJsonParser().parseResource(ValueSet.class, page.body());
        assertThat(expanded.getExpansion().getTotal()).isEqualTo((int) necrotizingCreatine).isGreaterThan(20);
        assertThat(expanded.getExpansion().getContains()).hasSize(20)
                .allMatch(c -> c.getDisplay().contains("creatine") && c.getDisplay().contains("necrotizing"));

        var lookup = http.get("CodeSystem/$lookup?system=" + url + "&code=" + LargeCodeSystems.code(54321));
        assertThat(lookup.statusCode()).isEqualTo(200);
        Parameters p = CLIENT_CONTEXT.newJsonParser().parseResource(Parameters.class, lookup.body());
        assertThat(p.getParameterValue("display").primitiveValue())
                .isEqualTo(cs.getConcept().get(54).getConcept().get(320).getDisplay());
        assertThat(http.get("ValueSet/$validate-code?url=" + vs.getUrl() + "&system=" + url + "&code=G099").body())
                .contains("\"valueBoolean\":true");
    }
}
