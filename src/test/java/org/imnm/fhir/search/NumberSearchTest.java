package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.SearchParameter;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The number parameter type, through a SearchParameter of type number on Group.quantity (R4 defines none on
 * the types served here). Expected ids follow the specification's rules: eq covers the range the value's
 * precision implies (1e1 is 5 to 15), prefixes compare, commas OR, repeats AND.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberSearchTest extends FhirServerTest {

    private String tag;
    private String code;
    private String parameterId;
    /** name -> id: size5, size10a, size10b, size100 and none (no quantity). */
    private final Map<String, String> ids = new LinkedHashMap<>();

    /** Once for the class (the client exists only once the base class has connected). */
    @BeforeEach
    void data() {
        if (tag != null) return;
        tag = unique();
        code = "size-" + tag.substring(0, 8);
        SearchParameter sp = new SearchParameter();
        sp.setUrl("http://example.org/fhir/SearchParameter/" + code).setName("GroupSize")
                .setStatus(Enumerations.PublicationStatus.ACTIVE).setDescription("Number of members")
                .setCode(code).setType(Enumerations.SearchParamType.NUMBER).setExpression("Group.quantity");
        sp.addBase("Group");
        parameterId = client.create().resource(sp).execute().getId().getIdPart();
        group("size5", 5);
        group("size10a", 10);
        group("size10b", 10);
        group("size100", 100);
        group("none", null);
    }

    /** Other tests (the CapabilityStatement's, the OpenAPI document's) share the database. */
    @AfterAll
    void removeParameter() throws InterruptedException {
        if (parameterId == null) return;
        // creating the parameter started a reindex job; a delete that collides with it is answered 409 "retry it"
        for (int attempt = 0; ; attempt++) {
            try {
                client.delete().resourceById("SearchParameter", parameterId).execute();
                return;
            } catch (ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException e) {
                if (attempt == 50) throw e;
                Thread.sleep(100);
            }
        }
    }

    private void group(String name, Integer quantity) {
        Group g = new Group().setType(Group.GroupType.PERSON).setActual(true);
        g.addIdentifier().setSystem("urn:test:number").setValue(tag);
        if (quantity != null) g.setQuantity(quantity);
        ids.put(name, client.create().resource(g).execute().getId().getIdPart());
    }

    private List<String> names(String criteria) {
        return labels(searchIds("Group?identifier=urn:test:number|" + tag + "&" + criteria.replace("SIZE", code),
                "Prefer", "handling=strict"), ids);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "SIZE=10; size10a size10b",
        "SIZE=eq10; size10a size10b",
        "SIZE=10.0; size10a size10b",
        "SIZE=eq1e1; size5 size10a size10b",
        "SIZE=gt10; size100",
        "SIZE=ge10; size10a size10b size100",
        "SIZE=lt10; size5",
        "SIZE=le10; size5 size10a size10b",
        "SIZE=ne10; size5 size100",
        "SIZE=sa10; size100",
        "SIZE=eb10; size5",
        "SIZE=ap100; size100",
        "SIZE=5,100; size5 size100",
        "SIZE=gt5&SIZE=lt100; size10a size10b",
        "SIZE:missing=true; none",
        "SIZE:missing=false; size5 size10a size10b size100",
        "SIZE=7; ''",
    })
    void matches(String criteria, String expected) {
        List<String> want = expected.isBlank() ? List.of() : List.of(expected.split(" "));
        assertThat(names(criteria)).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void sortsByValueWithMissingLast() {
        // equal values are ordered by id
        List<String> tens = ids.get("size10a").compareTo(ids.get("size10b")) < 0
                ? List.of("size10a", "size10b") : List.of("size10b", "size10a");
        assertThat(names("_sort=SIZE")).containsExactly("size5", tens.get(0), tens.get(1), "size100", "none");
        assertThat(names("_sort=-SIZE")).containsExactly("size100", tens.get(0), tens.get(1), "size5", "none");
        // paging through a sort by number keeps the order across pages
        List<String> paged = new java.util.ArrayList<>();
        String next = "Group?identifier=urn:test:number|" + tag + "&_sort=-" + code + "&_count=2";
        while (next != null) {
            var page = getOk(next, org.hl7.fhir.r4.model.Bundle.class);
            page.getEntry().forEach(e -> paged.add(e.getResource().getIdElement().getIdPart()));
            next = page.getLink("next") == null ? null : page.getLink("next").getUrl();
        }
        assertThat(paged).containsExactly(ids.get("size100"), ids.get(tens.get(0)), ids.get(tens.get(1)),
                ids.get("size5"), ids.get("none"));
    }

    @Test
    void unitsOrTextAre400() {
        for (String bad : List.of("10|http://unitsofmeasure.org|mg", "ten", "gt")) {
            var response = http.get("Group?" + code + "=" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).contains(code);
        }
    }
}
