package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quantity search: prefixes, the precision of eq, and comparison in UCUM canonical units. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuantitySearchTest extends FhirServerTest {

    private static final String UCUM = "http://unitsofmeasure.org";
    private final String tag = unique();
    private final Map<String, String> labels = new HashMap<>();

    private void observation(String label, String value, String system, String code, String unit) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        o.setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "2157-6", null)));
        o.setValue(new Quantity().setValue(new BigDecimal(value)).setSystem(system).setCode(code).setUnit(unit));
        String id = CLIENT_CONTEXT.newRestfulGenericClient("http://localhost:" + port + "/fhir")
                .create().resource(o).execute().getId().getIdPart();
        labels.put(id, label);
    }

    @BeforeAll
    void data() {
        observation("q1", "250", UCUM, "U/L", "U/L");
        observation("q2", "4.2", UCUM, "ukat/L", "µkat/L");   // 4.2 µkat/L = 252 U/L (1 U = 1 µmol/min)
        observation("q3", "12000", UCUM, "U/L", "U/L");
        observation("q4", "100", null, null, "IU/L");          // not UCUM: matched by its unit as written
        observation("q5", "250", UCUM, "mg/dL", "mg/dL");      // another dimension entirely
    }

    private Set<String> search(String query) {
        Bundle b = client.search().byUrl("Observation?identifier=urn:test:tag|" + tag + "&" + query)
                .returnBundle(Bundle.class).execute();
        return b.getEntry().stream().map(e -> labels.get(e.getResource().getIdElement().getIdPart()))
                .collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "value-quantity=gt10000|http://unitsofmeasure.org|U/L;  q3",
        // eq uses the number's precision: 250 means [249.5, 250.5); 252 U/L (q2) is outside
        "value-quantity=250|http://unitsofmeasure.org|U/L;      q1",
        "value-quantity=252|http://unitsofmeasure.org|U/L;      q2",
        // ge 251 U/L: the µkat/L value converts to 252 U/L
        "value-quantity=ge251|http://unitsofmeasure.org|U/L;    q2 q3",
        // asked in µkat/L: lt 5 µkat/L is lt 300 U/L; mg/dL never compares with enzyme activity
        "value-quantity=lt5|http://unitsofmeasure.org|ukat/L;   q1 q2",
        "value-quantity=100||IU/L;                              q4",
        "value-quantity=1E2||IU/L;                              q4",
        // no unit: numbers only, any unit
        "value-quantity=250;                                    q1 q5",
        "value-quantity=ne250|http://unitsofmeasure.org|U/L;    q2 q3",
        "value-quantity=ap260|http://unitsofmeasure.org|U/L;    q1 q2",
    })
    void quantitySemantics(String query, String expected) {
        assertThat(search(query)).isEqualTo(Set.copyOf(List.of(expected.trim().split("\\s+"))));
    }

    @ParameterizedTest
    @CsvSource({"value-quantity=abc", "value-quantity=zz100", "value-quantity=100|onlysystem",
        // exponents Postgres cannot hold (and whose digits took the driver a minute to encode)
        "value-quantity=gt1e-99999999", "value-quantity=1e99999999"})
    void malformedQuantitiesAre400(String query) {
        var r = http.get("Observation?" + query);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("value-quantity");
    }
}
