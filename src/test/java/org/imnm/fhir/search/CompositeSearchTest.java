package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Composite parameters: both parts must match the same element (the Observation itself for code-value-*,
 * one component for component-*, either for combo-*). Expected ids follow from the fixtures below.
 */
class CompositeSearchTest extends FhirServerTest {

    private static final String LOINC = "http://loinc.org";
    private String tag;
    private String ck;
    private String bp;
    private String antibody;
    private String note;

    private String create(Observation o) {
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addIdentifier().setSystem("urn:test:composite").setValue(tag);
        return client.create().resource(o).execute().getId().getIdPart();
    }

    private static Quantity ucum(double value, String code) {
        return new Quantity().setValue(BigDecimal.valueOf(value)).setSystem("http://unitsofmeasure.org").setCode(code);
    }

    @BeforeEach
    void load() {
        tag = unique();
        Observation o = new Observation();
        o.getCode().addCoding(new Coding(LOINC, "2157-6", null));
        o.setValue(ucum(5000, "U/L"));
        o.setEffective(new DateTimeType("2025-03-10"));
        ck = create(o);

        // blood pressure: systolic 120 and diastolic 80 on two components
        Observation b = new Observation();
        b.getCode().addCoding(new Coding(LOINC, "85354-9", null));
        b.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, "8480-6", null))).setValue(ucum(120, "mm[Hg]"));
        b.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, "8462-4", null))).setValue(ucum(80, "mm[Hg]"));
        bp = create(b);

        Observation a = new Observation();
        a.getCode().addCoding(new Coding(LOINC, "33921-8", null));
        a.setValue(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "10828004", "Positive")));
        antibody = create(a);

        Observation n = new Observation();
        n.getCode().addCoding(new Coding(LOINC, "33921-8", null));
        n.setValue(new StringType("Weakly positive"));
        note = create(n);
    }

    private List<String> ids(String query) {
        return searchIds("Observation?identifier=urn:test:composite|" + tag + "&" + query);
    }

    @Test
    void codeValueQuantityComparesTheObservationsOwnValueInUcumCanonicalUnits() {
        assertThat(ids("code-value-quantity=http://loinc.org|2157-6$gt1000")).containsExactly(ck);
        assertThat(ids("code-value-quantity=http://loinc.org|2157-6$lt1000")).isEmpty();
        // 5000 U/L is 83.3 ukat/L
        assertThat(ids("code-value-quantity=http://loinc.org|2157-6$gt80|http://unitsofmeasure.org|ukat/L"))
                .containsExactly(ck);
        assertThat(ids("code-value-quantity=http://loinc.org|2157-6$gt90|http://unitsofmeasure.org|ukat/L")).isEmpty();
        // OR across values
        assertThat(ids("code-value-quantity=http://loinc.org|2157-6$lt10,http://loinc.org|2157-6$ge5000"))
                .containsExactly(ck);
    }

    @Test
    void componentCodeValueQuantityNeedsCodeAndValueOnTheSameComponent() {
        assertThat(ids("component-code-value-quantity=http://loinc.org|8480-6$gt100")).containsExactly(bp);
        // diastolic is 80: the 120 on the systolic component must not count for it
        assertThat(ids("component-code-value-quantity=http://loinc.org|8462-4$gt100")).isEmpty();
        assertThat(ids("component-code-value-quantity=http://loinc.org|8462-4$lt90")).containsExactly(bp);
        // the Observation's own code and value are not a component
        assertThat(ids("component-code-value-quantity=http://loinc.org|2157-6$gt1000")).isEmpty();
    }

    @Test
    void comboLooksAtTheObservationAndItsComponents() {
        assertThat(ids("combo-code-value-quantity=http://loinc.org|8480-6$gt100")).containsExactly(bp);
        assertThat(ids("combo-code-value-quantity=http://loinc.org|2157-6$gt1000")).containsExactly(ck);
    }

    /**
     * combo-code and combo-value-quantity store nothing of their own: their values are the rows of code and
     * component-code (value-quantity and component-value-quantity), read under all those names.
     */
    @Test
    void comboTokensAndQuantitiesFindTheObservationsAndTheComponentsValues() {
        assertThat(ids("combo-code=http://loinc.org|8480-6")).containsExactly(bp);
        assertThat(ids("combo-code=http://loinc.org|2157-6")).containsExactly(ck);
        assertThat(ids("code=http://loinc.org|8480-6")).isEmpty();
        assertThat(ids("combo-value-quantity=gt4000")).containsExactly(ck);
        assertThat(ids("combo-value-quantity=lt100")).containsExactly(bp);
        // a code checked on the date and quantity rows' token keys
        assertThat(ids("date=2025-03-10&combo-code=http://loinc.org|2157-6")).containsExactly(ck);
        assertThat(ids("combo-value-quantity=gt100&combo-code=http://loinc.org|8480-6")).containsExactly(bp);
        assertThat(ids("combo-value-quantity=gt100&combo-code=http://loinc.org|2157-6")).containsExactly(ck);
        assertThat(ids("combo-value-quantity:missing=true")).containsExactlyInAnyOrder(antibody, note);
        assertThat(ids("combo-code:missing=false")).containsExactlyInAnyOrder(ck, bp, antibody, note);
        // the lowest of each one's codes, the components' among them: 2157-6, 33921-8 (twice), 8462-4
        List<String> sorted = ids("_sort=combo-code");
        assertThat(sorted.get(0)).isEqualTo(ck);
        assertThat(sorted.get(3)).isEqualTo(bp);
    }

    @Test
    void codeValueConceptAndString() {
        assertThat(ids("code-value-concept=http://loinc.org|33921-8$http://snomed.info/sct|10828004"))
                .containsExactly(antibody);
        assertThat(ids("code-value-concept=http://loinc.org|33921-8$http://snomed.info/sct|260385009")).isEmpty();
        assertThat(ids("code-value-string=http://loinc.org|33921-8$weakly")).containsExactly(note);
        assertThat(ids("code-value-concept=http://loinc.org|33921-8$10828004,http://loinc.org|2157-6$x"))
                .containsExactly(antibody);
    }

    @Test
    void sortsByQuantityInCanonicalUnitsAcrossPages() {
        String tagged = "identifier=urn:test:composite|" + tag;
        Observation mmol = new Observation();
        mmol.getCode().addCoding(new Coding(LOINC, "2345-7", null));
        mmol.setValue(ucum(5, "mmol/L")); // 5000 umol/L
        String five = create(mmol);
        Observation umol = new Observation();
        umol.getCode().addCoding(new Coding(LOINC, "2345-7", null));
        umol.setValue(ucum(900, "umol/L")); // 0.9 mmol/L
        String small = create(umol);
        assertThat(ids("code=http://loinc.org|2345-7&_sort=value-quantity")).containsExactly(small, five);
        assertThat(ids("code=http://loinc.org|2345-7&_sort=-value-quantity")).containsExactly(five, small);
        // one per page: the numeric cursor carries over
        Bundle page = client.search().byUrl("Observation?" + tagged + "&code=http://loinc.org|2345-7"
                + "&_sort=-value-quantity&_count=1").returnBundle(Bundle.class).execute();
        assertThat(page.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(five);
        Bundle next = client.loadPage().next(page).execute();
        assertThat(next.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(small);
    }

    @Test
    void malformedCompositeValuesAre400NamingTheParameter() {
        var noDollar = http.get("Observation?code-value-quantity=http://loinc.org|2157-6");
        assertThat(noDollar.statusCode()).isEqualTo(400);
        assertThat(noDollar.body()).contains("code-value-quantity");
        assertThat(http.get("Observation?code-value-quantity=http://loinc.org|2157-6$abc").statusCode()).isEqualTo(400);
        assertThat(http.get("Observation?code-value-date=http://loinc.org|2157-6$notadate").statusCode()).isEqualTo(400);
    }
}
