package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UcumUnitsTest {

    private final UcumUnits ucum = new UcumUnits();

    @Test
    void unitsOfOneDimensionShareACanonicalCodeAndScale() {
        var perLitre = ucum.canonical(new BigDecimal("252"), "U/L").orElseThrow();
        var katal = ucum.canonical(new BigDecimal("4.2"), "ukat/L").orElseThrow();
        assertThat(katal.code()).isEqualTo(perLitre.code());
        // 1 U = 1 umol/min = 1/60 ukat, so 4.2 ukat/L = 252 U/L
        assertThat(katal.value().compareTo(perLitre.value())).isZero();
    }

    @Test
    void theCachedFactorGivesWhatTheLibraryGivesAndOffsetsAreKept() {
        // computed twice: the second comes from the cached factor
        assertThat(ucum.canonical(new BigDecimal("3"), "mg/dL")).isEqualTo(ucum.canonical(new BigDecimal("3"), "mg/dL"));
        var twoHundredMg = ucum.canonical(new BigDecimal("200"), "mg/dL").orElseThrow();
        var twoGramsPerLitre = ucum.canonical(new BigDecimal("2"), "g/L").orElseThrow();
        assertThat(twoHundredMg.value().compareTo(twoGramsPerLitre.value())).isZero();
        // The library gives no canonical form for units with an offset (Cel): such quantities are then
        // compared by the unit as written, never through a wrong factor.
        assertThat(ucum.canonical(BigDecimal.ZERO, "Cel")).isEmpty();
        assertThat(ucum.canonical(BigDecimal.ONE, "not-a-unit")).isEmpty();
    }
}
