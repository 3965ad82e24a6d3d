package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.imnm.fhir.validation.ValidationSupports;
import org.junit.jupiter.api.Test;

class SearchParameterRegistryTest {

    @Test
    void describingTheParametersDoesNotBuildTheFhirPathEngineAndIndexingDoes() {
        FhirContext ctx = FhirContext.forR4();
        ctx.setValidationSupport(ValidationSupports.baseR4(ctx));
        SearchParameterRegistry registry = new SearchParameterRegistry(ctx);

        // what the CapabilityStatement reads: names, types, targets
        assertThat(registry.searchableParameters("Observation"))
                .anyMatch(p -> p.name().equals("code") && p.type() == RestSearchParameterTypeEnum.TOKEN);
        assertThat(registry.indexedParameters("Observation")).containsKey("subject");
        assertThat(registry.fhirPathBuilt()).isFalse();

        Observation o = new Observation();
        o.setSubject(new Reference("Patient/p1"));
        IndexRows rows = new IndexExtractor(registry, new UcumUnits()).extract(o);
        assertThat(registry.fhirPathBuilt()).isTrue();
        assertThat(rows.references).anyMatch(r -> r.param().equals("subject") && "p1".equals(r.targetId()));
    }

    @Test
    void aParameterWhosePathsAreOthersStoresNothingOfItsOwnAndIsReadFromThem() {
        SearchParameterRegistry registry = new SearchParameterRegistry(FhirContext.forR4());

        // combo-code: Observation.code | Observation.component.code, the paths of code and component-code
        assertThat(registry.storedUnder("Observation", "combo-code"))
                .containsExactlyInAnyOrder("combo-code", "code", "component-code");
        assertThat(registry.find("Observation", "combo-code")).get().extracting(IndexedParameter::expression)
                .isEqualTo(SearchParameterRegistry.NOTHING);
        assertThat(registry.storedUnder("Observation", "combo-value-quantity"))
                .containsExactlyInAnyOrder("combo-value-quantity", "value-quantity", "component-value-quantity");
        // composites: the same parts over the covered paths
        assertThat(registry.storedUnder("Observation", "combo-code-value-quantity")).containsExactlyInAnyOrder(
                "combo-code-value-quantity", "code-value-quantity", "component-code-value-quantity");
        assertThat(registry.storedUnder("Observation", "code")).containsExactly("code");
        assertThat(registry.storedUnder("Observation", "subject")).containsExactly("subject");

        Observation o = new Observation();
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("2157-6");
        o.addComponent().getCode().addCoding().setSystem("http://loinc.org").setCode("8480-6");
        IndexRows rows = new IndexExtractor(registry, new UcumUnits()).extract(o);
        assertThat(rows.tokens).filteredOn(t -> t.param().equals("code")).extracting(IndexRows.Token::code)
                .containsExactly("2157-6");
        assertThat(rows.tokens).filteredOn(t -> t.param().equals("component-code")).extracting(IndexRows.Token::code)
                .containsExactly("8480-6");
        assertThat(rows.tokens).noneMatch(t -> t.param().equals("combo-code"));
    }

    @Test
    void dateParametersOverOneElementHaveOneRowPerResourceAndOthersDoNot() {
        FhirContext ctx = FhirContext.forR4();
        SearchParameterRegistry registry = new SearchParameterRegistry(ctx);

        assertThat(registry.find("Observation", "date")).get().extracting(IndexedParameter::oneRow).isEqualTo(true);
        assertThat(registry.find("Condition", "onset-date")).get().extracting(IndexedParameter::oneRow).isEqualTo(true);
        // a token over a CodeableConcept has a row per coding; a quantity parameter may have several values
        assertThat(registry.find("Observation", "code")).get().extracting(IndexedParameter::oneRow).isEqualTo(false);
        assertThat(registry.find("Observation", "component-value-quantity")).get()
                .extracting(IndexedParameter::oneRow).isEqualTo(false);
    }

    @Test
    void aStoredDateParameterHasOneRowOnlyWhenEveryPathThatCanApplyNamesOneElement() {
        SearchParameterRegistry registry = new SearchParameterRegistry(FhirContext.forR4());
        registry.useStored(java.util.Map.of(
                "Observation.issued-at", dateParameter("issued-at", "Observation.issued"),
                // the Condition path gives an Observation nothing
                "Observation.started", dateParameter("started", "Observation.effective | Condition.onset"),
                // "issued" without a type applies to the Observation too: two elements
                "Observation.either", dateParameter("either", "Observation.effective | issued")));

        assertThat(registry.find("Observation", "issued-at")).get().extracting(IndexedParameter::oneRow).isEqualTo(true);
        assertThat(registry.find("Observation", "started")).get().extracting(IndexedParameter::oneRow).isEqualTo(true);
        assertThat(registry.find("Observation", "either")).get().extracting(IndexedParameter::oneRow).isEqualTo(false);
    }

    private static org.hl7.fhir.r4.model.SearchParameter dateParameter(String code, String expression) {
        var sp = new org.hl7.fhir.r4.model.SearchParameter();
        sp.setCode(code).setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.DATE).setExpression(expression);
        sp.addBase("Observation");
        return sp;
    }
}
