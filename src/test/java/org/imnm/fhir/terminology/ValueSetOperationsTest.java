package org.imnm.fhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.FilterOperator;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** $expand and $validate-code; expected members follow from the fixture's hierarchy (see TerminologyFixtures). */
class ValueSetOperationsTest extends FhirServerTest {

    private String system;

    @BeforeEach
    void load() {
        system = "http://example.org/fhir/test-myopathies/" + unique();
        client.create().resource(TerminologyFixtures.myopathies(system)).execute();
    }

    private ValueSet valueSet() {
        ValueSet vs = new ValueSet();
        vs.setUrl("http://example.org/fhir/ValueSet/" + unique()).setStatus(Enumerations.PublicationStatus.ACTIVE);
        return vs;
    }

    private ValueSet.ConceptSetComponent include(ValueSet vs) {
        return vs.getCompose().addInclude().setSystem(system);
    }

    private String store(ValueSet vs) {
        return client.create().resource(vs).execute().getId().getIdPart();
    }

    private ValueSet expand(String query) {
        return getOk(query, ValueSet.class);
    }

    private List<String> codes(String query) {
        return expand(query).getExpansion().getContains().stream().map(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .toList();
    }

    private List<String> filtered(String property, FilterOperator op, String value) {
        ValueSet vs = valueSet();
        include(vs).addFilter().setProperty(property).setOp(op).setValue(value);
        store(vs);
        return codes("ValueSet/$expand?url=" + vs.getUrl());
    }

    @Test
    void hierarchyFilters() {
        assertThat(filtered("concept", FilterOperator.ISA, "myositis"))
                .containsExactly("myositis", "imnm", "anti-srp", "anti-hmgcr", "dm");
        assertThat(filtered("concept", FilterOperator.DESCENDENTOF, "myositis"))
                .containsExactly("imnm", "anti-srp", "anti-hmgcr", "dm");
        assertThat(filtered("concept", FilterOperator.ISNOTA, "myositis"))
                .containsExactly("muscle-disease", "dystrophy", "legacy");
        assertThat(filtered("concept", FilterOperator.GENERALIZES, "anti-srp"))
                .containsExactly("muscle-disease", "myositis", "imnm", "anti-srp");
        // parent given by property counts as hierarchy
        assertThat(filtered("concept", FilterOperator.DESCENDENTOF, "muscle-disease")).contains("legacy", "dm");
    }

    @Test
    void propertyFilters() {
        assertThat(filtered("severity", FilterOperator.EQUAL, "high")).containsExactly("imnm");
        assertThat(filtered("statin-associated", FilterOperator.EXISTS, "true")).containsExactly("anti-hmgcr");
        assertThat(filtered("concept", FilterOperator.IN, "dm, imnm")).containsExactly("imnm", "dm");
        assertThat(filtered("concept", FilterOperator.REGEX, "anti-.*")).containsExactly("anti-srp", "anti-hmgcr");
        assertThat(filtered("display", FilterOperator.REGEX, ".*[Mm]yositis")).containsExactly("dm");
        assertThat(filtered("parent", FilterOperator.EQUAL, "imnm")).containsExactly("anti-srp", "anti-hmgcr");
        assertThat(filtered("child", FilterOperator.EXISTS, "false"))
                .containsExactly("anti-srp", "anti-hmgcr", "dm", "dystrophy", "legacy");
    }

    @Test
    void includeExcludeConceptListsAndValueSetReferences() {
        ValueSet myositis = valueSet();
        include(myositis).addFilter().setProperty("concept").setOp(FilterOperator.ISA).setValue("myositis");
        myositis.getCompose().addExclude().setSystem(system).addConcept().setCode("dm");
        store(myositis);
        assertThat(codes("ValueSet/$expand?url=" + myositis.getUrl())).containsExactly("myositis", "imnm", "anti-srp", "anti-hmgcr");

        // include by list, with a display of the value set's own, plus a code of a system this server does not hold
        ValueSet listed = valueSet();
        include(listed).addConcept().setCode("dm").setDisplay("DM (our wording)");
        include(listed).addConcept().setCode("not-a-code");
        listed.getCompose().addInclude().setSystem("http://snomed.info/sct").addConcept().setCode("715863001")
                .setDisplay("Immune-mediated necrotizing myopathy");
        store(listed);
        ValueSet expanded = expand("ValueSet/$expand?url=" + listed.getUrl());
        assertThat(expanded.getExpansion().getContains()).extracting(c -> c.getSystem() + "|" + c.getCode() + "|" + c.getDisplay())
                .containsExactly(system + "|dm|DM (our wording)",
                        "http://snomed.info/sct|715863001|Immune-mediated necrotizing myopathy");

        // another value set that includes the first, minus what the second excludes
        ValueSet composite = valueSet();
        composite.getCompose().addInclude().addValueSet(myositis.getUrl());
        composite.getCompose().addExclude().setSystem(system).addFilter().setProperty("concept")
                .setOp(FilterOperator.DESCENDENTOF).setValue("imnm");
        store(composite);
        assertThat(codes("ValueSet/$expand?url=" + composite.getUrl())).containsExactly("myositis", "imnm");

        // include system AND value set: the intersection
        ValueSet intersection = valueSet();
        include(intersection).addFilter().setProperty("concept").setOp(FilterOperator.ISA).setValue("imnm");
        intersection.getCompose().getIncludeFirstRep().addValueSet(composite.getUrl());
        store(intersection);
        assertThat(codes("ValueSet/$expand?url=" + intersection.getUrl())).containsExactly("imnm");
    }

    @Test
    void textFilterPagingActiveOnlyAndDesignations() {
        ValueSet all = valueSet();
        include(all);
        String id = store(all);
        ValueSet everything = expand("ValueSet/" + id + "/$expand");
        assertThat(everything.getExpansion().getTotal()).isEqualTo(8);
        assertThat(everything.getExpansion().getContains()).filteredOn(c -> c.getCode().equals("dystrophy"))
                .allMatch(ValueSet.ValueSetExpansionContainsComponent::getInactive);

        // every word must begin a word of the display or a designation, ignoring case and accents
        assertThat(codes("ValueSet/$expand?url=" + all.getUrl() + "&filter=NECRot%20imm")).containsExactly("imnm");
        assertThat(codes("ValueSet/$expand?url=" + all.getUrl() + "&filter=entzundl")).containsExactly("myositis");
        assertThat(codes("ValueSet/$expand?url=" + all.getUrl() + "&filter=yositis")).isEmpty();
        assertThat(codes("ValueSet/$expand?url=" + all.getUrl() + "&filter=myo")).containsExactly("myositis", "imnm",
                "anti-srp", "anti-hmgcr");

        ValueSet page = expand("ValueSet/$expand?url=" + all.getUrl() + "&count=3&offset=2");
        assertThat(page.getExpansion().getTotal()).isEqualTo(8);
        assertThat(page.getExpansion().getOffset()).isEqualTo(2);
        assertThat(page.getExpansion().getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactly("imnm", "anti-srp", "anti-hmgcr");
        assertThat(expand("ValueSet/$expand?url=" + all.getUrl() + "&count=3&offset=50").getExpansion().getTotal())
                .isEqualTo(8);

        assertThat(codes("ValueSet/$expand?url=" + all.getUrl() + "&activeOnly=true")).doesNotContain("dystrophy").hasSize(7);

        ValueSet german = expand("ValueSet/$expand?url=" + all.getUrl() + "&displayLanguage=de&includeDesignations=true");
        var myositis = german.getExpansion().getContains().stream().filter(c -> c.getCode().equals("myositis")).findFirst()
                .orElseThrow();
        assertThat(myositis.getDisplay()).isEqualTo("Entzündliche Myopathie");
        assertThat(myositis.getDesignation()).extracting(d -> d.getLanguage()).containsExactly("de");
    }

    @Test
    void excludeNestedFalseGivesTheHierarchyInContains() {
        ValueSet all = valueSet();
        include(all);
        store(all);
        ValueSet tree = expand("ValueSet/$expand?url=" + all.getUrl() + "&excludeNested=false");
        assertThat(tree.getExpansion().getTotal()).isEqualTo(8);
        var top = tree.getExpansion().getContains();
        assertThat(top).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode).containsExactly("muscle-disease");
        var root = top.get(0);
        assertThat(root.getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactly("myositis", "dystrophy", "legacy"); // legacy: parent by property
        var myositis = root.getContains().get(0);
        assertThat(myositis.getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactly("imnm", "dm");
        assertThat(myositis.getContains().get(0).getContains())
                .extracting(ValueSet.ValueSetExpansionContainsComponent::getCode).containsExactly("anti-srp", "anti-hmgcr");
        // flat by default, and a hierarchy cannot be paged
        assertThat(expand("ValueSet/$expand?url=" + all.getUrl()).getExpansion().getContains()).hasSize(8);
        assertThat(http.get("ValueSet/$expand?url=" + all.getUrl() + "&excludeNested=false&count=2").statusCode())
                .isEqualTo(400);
    }

    @Test
    void anInlineValueSetExpandsByPost() {
        ValueSet inline = valueSet();
        include(inline).addFilter().setProperty("concept").setOp(FilterOperator.ISA).setValue("imnm");
        Parameters in = new Parameters();
        in.addParameter().setName("valueSet").setResource(inline);
        in.addParameter().setName("filter").setValue(new org.hl7.fhir.r4.model.StringType("srp"));
        ValueSet out = client.operation().onType(ValueSet.class).named("$expand").withParameters(in)
                .returnResourceType(ValueSet.class).execute();
        assertThat(out.getExpansion().getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactly("anti-srp");
    }

    @Test
    void errorsAreClientErrorsWithOperationOutcomes() {
        var unknown = http.get("ValueSet/$expand?url=http://example.org/none");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("OperationOutcome").contains("No ValueSet with url");

        ValueSet unheld = valueSet();
        unheld.getCompose().addInclude().setSystem("http://loinc.org.example/unheld");
        store(unheld);
        var cannot = http.get("ValueSet/$expand?url=" + unheld.getUrl());
        assertThat(cannot.statusCode()).isEqualTo(422);
        assertThat(cannot.body()).contains("does not hold");

        ValueSet badRegex = valueSet();
        include(badRegex).addFilter().setProperty("concept").setOp(FilterOperator.REGEX).setValue("([a-z");
        store(badRegex);
        assertThat(http.get("ValueSet/$expand?url=" + badRegex.getUrl()).statusCode()).isEqualTo(400);

        ValueSet cycle = valueSet();
        cycle.getCompose().addInclude().addValueSet(cycle.getUrl());
        store(cycle);
        assertThat(http.get("ValueSet/$expand?url=" + cycle.getUrl()).statusCode()).isEqualTo(422);

        assertThat(http.get("ValueSet/$expand?url=" + cycle.getUrl() + "&count=-1").statusCode()).isEqualTo(400);
        var notANumber = http.get("ValueSet/$expand?url=" + cycle.getUrl() + "&count=abc");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("OperationOutcome").contains("abc");
        assertThat(http.get("ValueSet/$expand").statusCode()).isEqualTo(400);
    }

    @Test
    void anExpansionLargerThanTheLimitIsRefusedUnlessPaged() {
        CodeSystem big = new CodeSystem().setUrl("http://example.org/fhir/test-big/" + unique())
                .setStatus(Enumerations.PublicationStatus.ACTIVE).setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        for (int i = 0; i < 60; i++) big.addConcept().setCode("c" + i).setDisplay("Concept " + i);
        client.create().resource(big).execute();
        ValueSet vs = valueSet();
        vs.getCompose().addInclude().setSystem(big.getUrl());
        store(vs);
        var refused = http.get("ValueSet/$expand?url=" + vs.getUrl());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("too-costly").contains("count and offset");
        assertThat(expand("ValueSet/$expand?url=" + vs.getUrl() + "&count=10").getExpansion().getTotal()).isEqualTo(60);
    }

    @Test
    void validateCodeSaysWhetherAndWhy() {
        ValueSet imnm = valueSet();
        include(imnm).addFilter().setProperty("concept").setOp(FilterOperator.ISA).setValue("imnm");
        String id = store(imnm);

        Parameters member = ok("ValueSet/$validate-code?url=" + imnm.getUrl() + "&system=" + system + "&code=anti-srp");
        assertThat(result(member)).isTrue();
        assertThat(member.getParameterValue("display").primitiveValue()).isEqualTo("Anti-SRP myopathy");

        Parameters outside = ok("ValueSet/" + id + "/$validate-code?system=" + system + "&code=dm");
        assertThat(result(outside)).isFalse();
        assertThat(outside.getParameterValue("message").primitiveValue()).contains("not in value set");

        Parameters unknown = ok("ValueSet/" + id + "/$validate-code?system=" + system + "&code=zzz");
        assertThat(result(unknown)).isFalse();
        assertThat(unknown.getParameterValue("message").primitiveValue()).contains("Unknown code");

        Parameters wrongDisplay = ok("ValueSet/" + id + "/$validate-code?system=" + system + "&code=imnm&display=Something");
        assertThat(result(wrongDisplay)).isFalse();

        // a CodeableConcept is valid when any of its codings is
        Parameters in = new Parameters();
        in.addParameter().setName("url").setValue(new org.hl7.fhir.r4.model.UriType(imnm.getUrl()));
        var cc = new org.hl7.fhir.r4.model.CodeableConcept();
        cc.addCoding().setSystem("http://snomed.info/sct").setCode("1");
        cc.addCoding().setSystem(system).setCode("anti-hmgcr");
        in.addParameter().setName("codeableConcept").setValue(cc);
        assertThat(result(client.operation().onType(ValueSet.class).named("$validate-code").withParameters(in).execute()))
                .isTrue();
    }

    private Parameters ok(String path) {
        return getOk(path, Parameters.class);
    }

    private static boolean result(Parameters p) {
        return ((BooleanType) p.getParameterValue("result")).booleanValue();
    }


    /** A long text property (over a B-tree entry's 2,704 bytes; it failed with a 500) is stored whole and filtered on. */
    @Test
    void aLongStringPropertyIsStoredWholeAndFilteredOn() {
        java.util.Random random = new java.util.Random(7);
        StringBuilder note = new StringBuilder();
        for (int i = 0; i < 3000; i++) note.append((char) ('a' + random.nextInt(26)));
        String longSystem = "http://example.org/fhir/test-notes/" + unique();
        CodeSystem cs = new CodeSystem().setUrl(longSystem).setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        cs.addProperty().setCode("note").setType(CodeSystem.PropertyType.STRING);
        cs.addConcept().setCode("a").setDisplay("A").addProperty().setCode("note")
                .setValue(new org.hl7.fhir.r4.model.StringType(note.toString()));
        cs.addConcept().setCode("b").setDisplay("B").addProperty().setCode("note")
                .setValue(new org.hl7.fhir.r4.model.StringType("short"));
        client.create().resource(cs).execute();

        Parameters lookup = getOk("CodeSystem/$lookup?system=" + longSystem + "&code=a&property=note", Parameters.class);
        assertThat(lookup.getParameter().stream().filter(p -> p.getName().equals("property"))
                .flatMap(p -> p.getPart().stream()).filter(p -> p.getName().equals("value"))
                .map(p -> p.getValue().primitiveValue())).containsExactly(note.toString());

        ValueSet vs = valueSet();
        vs.getCompose().addInclude().setSystem(longSystem).addFilter().setProperty("note").setOp(FilterOperator.EQUAL)
                .setValue(note.toString());
        store(vs);
        assertThat(codes("ValueSet/$expand?url=" + vs.getUrl())).containsExactly("a");
    }
}
