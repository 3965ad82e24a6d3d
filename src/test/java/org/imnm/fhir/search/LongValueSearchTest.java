package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/**
 * Values longer than an index entry holds (Postgres refuses B-tree entries over 2,704 bytes) are stored
 * and found: the index keeps their first 1,000 bytes ({@link IndexedText}), and searches compare that.
 */
class LongValueSearchTest extends FhirServerTest {

    /** Random letters do not compress, so Postgres cannot shrink them into an index entry. */
    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append((char) ('a' + random.nextInt(26)));
        return b.toString();
    }

    @Test
    void longIdentifiersNamesAndCodesAreStoredAndFound() {
        Random random = new Random(3000);
        String identifier = randomText(random, 3000), family = "Zq" + randomText(random, 3000) + "é";
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:test:long:" + unique()).setValue(identifier);
        p.addName().setFamily(family);
        String patient = client.create().resource(p).execute().getId().getIdPart();

        String code = randomText(random, 2500);
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding(new Coding("urn:test:long-codes", code, null));
        o.setEffective(new DateTimeType("2025-05-05"));
        o.getSubject().setReference("Patient/" + patient);
        String observation = client.create().resource(o).execute().getId().getIdPart();

        String system = p.getIdentifierFirstRep().getSystem();
        assertThat(searchIds("Patient?identifier=" + system + "|" + identifier)).containsExactly(patient);
        String differentEarly = identifier.substring(0, 500) + "X" + identifier.substring(501);
        assertThat(searchIds("Patient?identifier=" + system + "|" + differentEarly)).isEmpty();
        assertThat(searchIds("Patient?family=" + family.substring(0, 40) + "&identifier=" + system + "|")).containsExactly(patient);
        assertThat(searchIds("Patient?family:exact=" + family)).containsExactly(patient);
        assertThat(searchIds("Patient?family:exact=" + family.substring(0, 2000))).isEmpty();

        String scope = "Observation?subject=Patient/" + patient + "&";
        assertThat(searchIds(scope + "code=urn:test:long-codes|" + code)).containsExactly(observation);
        assertThat(searchIds(scope + "code=" + code + "&date=2025-05")).containsExactly(observation);
        assertThat(searchIds(scope + "code=urn:test:long-codes|" + code.substring(1))).isEmpty();
    }
}
