package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Organization;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The parameters every resource has over its meta (R4 "Parameters for all resources"): _tag and _security
 * are tokens over Coding, _profile and _source are uris (exact unless :below or :above).
 */
class MetaParameterSearchTest extends FhirServerTest {

    private static final String TAGS = "urn:test:tags";
    private static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    private static final String PROFILE = "http://example.org/fhir/StructureDefinition/test-organization";

    private String key;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void createOrganizations() {
        key = unique();
        Organization a = organization();
        a.getMeta().addTag(TAGS, "t1", null);
        a.getMeta().addSecurity(CONFIDENTIALITY, "R", null);
        a.getMeta().addProfile(PROFILE);
        a.getMeta().setSource("http://ehr.example.org/a#batch-1");
        ids.put("a", client.create().resource(a).execute().getId().getIdPart());
        Organization b = organization();
        b.getMeta().addTag(TAGS, "t2", null);
        b.getMeta().setSource("http://lab.example.org/feeds/b");
        ids.put("b", client.create().resource(b).execute().getId().getIdPart());
        ids.put("c", client.create().resource(organization()).execute().getId().getIdPart());
    }

    private Organization organization() {
        Organization o = new Organization().setName("Meta test");
        o.addIdentifier().setSystem("urn:test:meta").setValue(key);
        return o;
    }

    private List<String> found(String criterion) {
        String query = "Organization?identifier=" + enc("urn:test:meta|" + key) + "&" + criterion;
        return labels(searchIds(query), ids);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void tagMatchesSystemAndCodeOrCodeAlone() {
        assertThat(found("_tag=" + enc(TAGS + "|t1"))).containsExactly("a");
        assertThat(found("_tag=t2")).containsExactly("b");
        assertThat(found("_tag=" + enc("urn:other|t1"))).isEmpty();
        // :not keeps resources without any tag, as for every token
        assertThat(found("_tag:not=" + enc(TAGS + "|t1"))).containsExactly("b", "c");
        assertThat(found("_tag:missing=true")).containsExactly("c");
    }

    @Test
    void securityLabelsAreTokens() {
        assertThat(found("_security=" + enc(CONFIDENTIALITY + "|R"))).containsExactly("a");
        assertThat(found("_security=" + enc(CONFIDENTIALITY + "|N"))).isEmpty();
        assertThat(found("_security:missing=true")).containsExactly("b", "c");
    }

    @Test
    void profileIsAnExactUri() {
        assertThat(found("_profile=" + enc(PROFILE))).containsExactly("a");
        assertThat(found("_profile=" + enc("http://example.org/fhir/StructureDefinition/test"))).isEmpty();
        assertThat(found("_profile:missing=false")).containsExactly("a");
    }

    @Test
    void sourceIsAnExactUriWithBelowAndMissing() {
        assertThat(found("_source=" + enc("http://ehr.example.org/a#batch-1"))).containsExactly("a");
        assertThat(found("_source=" + enc("http://ehr.example.org/a"))).isEmpty();
        assertThat(found("_source:below=" + enc("http://lab.example.org/feeds"))).containsExactly("b");
        assertThat(found("_source:missing=true")).containsExactly("c");
    }

    @Test
    void theCapabilityStatementListsThem() {
        CapabilityStatement cs = getOk("metadata", CapabilityStatement.class);
        for (String type : List.of("Organization", "Patient", "Observation", "CodeSystem")) {
            var resource = cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals(type))
                    .findFirst().orElseThrow();
            assertThat(resource.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                    .as(type).contains("_tag", "_security", "_profile", "_source");
        }
    }

    @Test
    void aPagedSearchKeepsTheCriterion() {
        Bundle first = getOk("Organization?identifier=" + enc("urn:test:meta|" + key) + "&_tag:missing=false&_count=1",
                Bundle.class);
        assertThat(first.getEntry()).hasSize(1);
        Bundle second = client.loadPage().next(first).execute();
        assertThat(second.getEntry()).hasSize(1);
        assertThat(second.getLink("next")).isNull();
    }
}
