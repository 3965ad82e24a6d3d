package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Location;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Location?near=latitude|longitude|distance|units. Great-circle distances from Amsterdam (52.3676, 4.9041):
 * Utrecht 34.2 km, Rotterdam 57.2 km, Sydney 16,643 km. Across the antimeridian from (-17.5, 179.9): a point at
 * 179.5 is 42.4 km west, one at -179.6 is 53.0 km east.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearSearchTest extends FhirServerTest {

    private String tag;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void data() {
        if (tag != null) return;
        tag = unique();
        location("amsterdam", 52.3676, 4.9041);
        location("utrecht", 52.0907, 5.1214);
        location("rotterdam", 51.9244, 4.4777);
        location("sydney", -33.8688, 151.2093);
        location("west", -17.5, 179.5);
        location("east", -17.5, -179.6);
        location("nowhere", null, null);
    }

    private void location(String name, Double latitude, Double longitude) {
        Location l = new Location().setName(name);
        l.addIdentifier().setSystem("urn:test:near").setValue(tag);
        if (latitude != null) l.getPosition().setLatitude(latitude).setLongitude(longitude);
        ids.put(name, client.create().resource(l).execute().getId().getIdPart());
    }

    private List<String> names(String criteria) {
        return labels(searchIds("Location?identifier=urn:test:near|" + tag + "&" + criteria,
                "Prefer", "handling=strict"), ids);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "near=52.3676|4.9041|10|km; amsterdam",
        "near=52.3676|4.9041|35|km; amsterdam utrecht",
        "near=52.3676|4.9041|34|km; amsterdam",
        "near=52.3676|4.9041|60000|m; amsterdam utrecht rotterdam",
        "near=52.3676|4.9041|40|[mi_i]; amsterdam utrecht rotterdam",
        "near=52.3676|4.9041|20000|km; amsterdam utrecht rotterdam sydney west east",
        "near=52.3676|4.9041; amsterdam",
        "near=52.3676|4.9041||; amsterdam",
        "near=-17.5|179.9|45|km; west",
        "near=-17.5|179.9|60|km; west east",
        "near=-33.8688|151.2093|1|km,52.0907|5.1214|1|km; sydney utrecht",
        "near:missing=true; nowhere",
    })
    void matches(String criteria, String expected) {
        assertThat(names(criteria)).containsExactlyInAnyOrder(expected.split(" "));
    }

    @Test
    void malformedValuesAre400() {
        for (String bad : List.of("abc", "95|4|1|km", "52|181|1|km", "52|4|-1|km", "52|4|5|kg", "52|4|5|km|x",
                "NaN|4|1|km", "52|NaN|1|km", "52|4|1e999999|km")) {
            var response = http.get("Location?near=" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).as(bad).contains("near");
        }
    }
}
