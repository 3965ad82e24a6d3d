package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.junit.jupiter.api.Test;

class FixedDefinitionsTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();

    /** Stored terminology that holds a value set under a core url the base definitions lack. */
    private static final IValidationSupport STORED = new IValidationSupport() {
        @Override
        public FhirContext getFhirContext() {
            return CTX;
        }

        @Override
        public IBaseResource fetchValueSet(String url) {
            return url.endsWith("/not-in-r4") ? new org.hl7.fhir.r4.model.ValueSet().setUrl(url) : null;
        }
    };

    private final FixedDefinitions fixed =
            new FixedDefinitions(new StoredFirstSupport(CTX, ValidationSupports.baseR4(CTX), STORED));

    @Test
    void aBaseDefinitionIsLookedUpOnce() {
        AtomicInteger lookups = new AtomicInteger();
        String url = "http://hl7.org/fhir/StructureDefinition/Observation";
        StructureDefinition first = fixed.fetch(StructureDefinition.class, url,
                () -> { lookups.incrementAndGet(); return new StructureDefinition().setUrl(url); });
        StructureDefinition second = fixed.fetch(StructureDefinition.class, url,
                () -> { lookups.incrementAndGet(); return new StructureDefinition().setUrl(url); });
        assertThat(second).isSameAs(first);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void storedDefinitionsAndMissesAreLookedUpEveryTime() {
        AtomicInteger lookups = new AtomicInteger();
        for (String url : new String[] {"http://example.org/fhir/ValueSet/ours", // not the specification's
                "http://hl7.org/fhir/ValueSet/not-in-r4", // a core url, but answered by the database
                "http://hl7.org/fhir/ValueSet/no-such-thing"}) { // not found: it may be stored later
            for (int i = 0; i < 2; i++) {
                fixed.fetch(ValueSet.class, url, () -> {
                    lookups.incrementAndGet();
                    return url.endsWith("no-such-thing") ? null : new ValueSet().setUrl(url);
                });
            }
        }
        assertThat(lookups).hasValue(6);
    }

    @Test
    void aBaseTypeIsLookedUpOnceByName() {
        AtomicInteger lookups = new AtomicInteger();
        StructureDefinition first = fixed.typeDefinition("dateTime",
                () -> { lookups.incrementAndGet(); return new StructureDefinition().setType("dateTime"); });
        StructureDefinition second = fixed.typeDefinition("dateTime",
                () -> { lookups.incrementAndGet(); return new StructureDefinition().setType("dateTime"); });
        assertThat(second).isSameAs(first);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aTypeTheBaseDefinitionsLackIsLookedUpEveryTime() {
        AtomicInteger lookups = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            fixed.typeDefinition("ImnmLogicalModel",
                    () -> { lookups.incrementAndGet(); return new StructureDefinition().setType("ImnmLogicalModel"); });
            fixed.typeDefinition("NoSuchType", () -> { lookups.incrementAndGet(); return null; });
        }
        assertThat(lookups).hasValue(4);
    }
}
