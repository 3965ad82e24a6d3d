package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Index rows follow the current version: an update replaces them in every index table, a delete removes them. */
class IndexIntegrityTest extends FhirServerTest {

    private static final String[] TABLES = {"idx_token", "idx_string", "idx_date", "idx_reference", "idx_quantity",
        "idx_uri", "idx_position", "idx_composite"};

    @Autowired
    JdbcTemplate jdbc;

    private int rows(String id) {
        int n = 0;
        for (String table : TABLES) {
            n += jdbc.queryForObject("select count(*) from " + table + " x join resource r on r.pid = x.pid"
                    + " where r.res_type = 'Observation' and r.res_id = ?", Integer.class, id);
        }
        return n;
    }

    private Observation observation(String tag, String code, int value, String date) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.addIdentifier().setSystem("urn:test:integrity").setValue(tag);
        o.getCode().addCoding(new Coding("http://loinc.org", code, null));
        o.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setSystem("http://unitsofmeasure.org").setCode("U/L"));
        o.setEffective(new DateTimeType(date));
        o.getSubject().setReference("Patient/p-" + tag);
        return o;
    }

    @Test
    void updateReplacesAndDeleteRemovesTheRowsOfEveryIndex() {
        String tag = unique();
        String scope = "Observation?identifier=urn:test:integrity|" + tag + "&";
        Observation o = observation(tag, "2157-6", 5000, "2025-03-10");
        String id = client.create().resource(o).execute().getId().getIdPart();
        int before = rows(id);
        assertThat(searchIds(scope + "code-value-quantity=http://loinc.org|2157-6$gt1000")).containsExactly(id);

        Observation changed = observation(tag, "1761-6", 12, "2025-04-01");
        changed.setId(id);
        client.update().resource(changed).execute();
        assertThat(rows(id)).isEqualTo(before); // same shape of resource: the same number of rows, not twice
        assertThat(searchIds(scope + "code=http://loinc.org|2157-6")).isEmpty();
        assertThat(searchIds(scope + "code-value-quantity=http://loinc.org|2157-6$gt1000")).isEmpty();
        assertThat(searchIds(scope + "date=2025-03-10")).isEmpty();
        assertThat(searchIds(scope + "code-value-quantity=http://loinc.org|1761-6$lt20&date=2025-04")).containsExactly(id);

        client.delete().resourceById("Observation", id).execute();
        assertThat(rows(id)).isZero();
        assertThat(searchIds(scope + "code=http://loinc.org|1761-6")).isEmpty();
    }

    /**
     * Date and quantity rows carry their resource's token keys (a search ANDing a code with a date or a
     * quantity checks the code there): an update that changes only the code must change those keys too.
     */
    @Test
    void dateAndQuantityRowsCarryTheCodesOfTheCurrentVersion() {
        String tag = unique();
        String scope = "Observation?identifier=urn:test:integrity|" + tag + "&";
        String id = client.create().resource(observation(tag, "2157-6", 5000, "2025-03-10")).execute().getId().getIdPart();
        assertThat(searchIds(scope + "code=http://loinc.org|2157-6&date=2025-03-10")).containsExactly(id);

        Observation changed = observation(tag, "1761-6", 5000, "2025-03-10");
        changed.setId(id);
        client.update().resource(changed).execute();
        assertThat(searchIds(scope + "code=http://loinc.org|2157-6&date=2025-03-10")).isEmpty();
        assertThat(searchIds(scope + "code=2157-6&value-quantity=gt1000")).isEmpty();
        assertThat(searchIds(scope + "code=http://loinc.org|1761-6&date=2025-03-10")).containsExactly(id);
        assertThat(searchIds(scope + "code=1761-6&value-quantity=gt1000")).containsExactly(id);

        String keysOf = "select bool_and(x.tokens @> array[token_system_code_key('code', 'http://loinc.org', ?)])"
                + " from %s x join resource r on r.pid = x.pid where r.res_type = 'Observation' and r.res_id = ?";
        for (String table : new String[] {"idx_date", "idx_quantity"}) {
            assertThat(jdbc.queryForObject(keysOf.formatted(table), Boolean.class, "1761-6", id)).as(table).isTrue();
            assertThat(jdbc.queryForObject(keysOf.formatted(table), Boolean.class, "2157-6", id)).as(table).isFalse();
        }
    }

    /**
     * A panel with more coded values than an index entry can carry keys for is stored (it failed with a
     * 500 on the B-tree entry size) and found by the same searches, through idx_token.
     */
    @Test
    void aResourceWithTooManyCodesToCarryIsStoredAndFound() {
        String tag = unique();
        String scope = "Observation?identifier=urn:test:integrity|" + tag + "&";
        Observation panel = observation(tag, "2157-6", 1, "2025-03-10");
        panel.setValue(null);
        for (int i = 0; i < 150; i++) {
            panel.addComponent().setValue(new Quantity().setValue(i).setSystem("http://unitsofmeasure.org").setCode("U/L"))
                    .getCode().addCoding(new Coding("http://example.org/panel", "c" + i, null));
        }
        String big = client.create().resource(panel).execute().getId().getIdPart();
        String small = client.create().resource(observation(tag, "2157-6", 5000, "2025-03-10")).execute().getId().getIdPart();

        assertThat(searchIds(scope + "code=http://loinc.org|2157-6&date=2025-03-10")).containsExactlyInAnyOrder(big, small);
        assertThat(searchIds(scope + "combo-code=http://example.org/panel|c7&date=2025-03")).containsExactly(big);
        assertThat(searchIds(scope + "combo-code=c149&combo-value-quantity=gt140")).containsExactly(big);
        assertThat(searchIds(scope + "combo-code=c150&date=2025-03")).isEmpty();
        assertThat(getOk(scope + "code=1761-6,2157-6&date=2025-03-10&_total=accurate", org.hl7.fhir.r4.model.Bundle.class)
                .getTotal()).isEqualTo(2);

        Integer carried = jdbc.queryForObject("select count(*) from idx_date x join resource r on r.pid = x.pid"
                + " where r.res_id = ? and x.tokens is not null", Integer.class, big);
        assertThat(carried).isZero(); // more than TokenKeys.MAX_CARRIED keys: none carried
    }
}
