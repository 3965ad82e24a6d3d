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
}
