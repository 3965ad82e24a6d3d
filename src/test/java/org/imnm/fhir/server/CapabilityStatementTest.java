package org.imnm.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.imnm.fhir.resource.ServedResourceTypes;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

class CapabilityStatementTest extends FhirServerTest {

    @Test
    void listsEveryServedTypeWithItsInteractionsAndSearchParameters() {
        CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(cs.getSoftware().getName()).isEqualTo("imnm-fhir");
        var rest = cs.getRestFirstRep();
        assertThat(rest.getResource().stream().map(CapabilityStatementRestResourceComponent::getType))
                .containsAll(ServedResourceTypes.NAMES);
        for (var resource : rest.getResource().stream().filter(r -> ServedResourceTypes.isServed(r.getType())).toList()) {
            var interactions = resource.getInteraction().stream().map(i -> i.getCode()).toList();
            assertThat(interactions).as(resource.getType())
                    .contains(TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                            TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.HISTORYTYPE,
                            TypeRestfulInteraction.SEARCHTYPE);
            var writes = List.of(TypeRestfulInteraction.CREATE, TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.DELETE);
            if (ServedResourceTypes.isReadOnly(resource.getType())) {
                assertThat(interactions).as(resource.getType() + " is read-only").doesNotContainAnyElementsOf(writes);
            } else {
                assertThat(interactions).as(resource.getType()).containsAll(writes);
            }
            List<String> params = resource.getSearchParam().stream().map(p -> p.getName()).toList();
            assertThat(params).as(resource.getType()).contains("_id", "_lastUpdated");
        }
        var patient = rest.getResource().stream().filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
        assertThat(patient.getSearchParam().stream().map(p -> p.getName())).contains("identifier", "gender");
        assertThat(patient.getConditionalCreate()).isTrue();
        assertThat(patient.getSearchInclude().stream().map(x -> x.getValue())).contains("Patient:organization", "*");
        assertThat(patient.getSearchRevInclude().stream().map(x -> x.getValue())).contains("Observation:subject");
        assertThat(rest.getInteraction().stream().map(i -> i.getCode().toCode())).contains("transaction", "batch");
    }
}
