package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * String, date, reference and :missing semantics, with expected matches worked out from the
 * specification's rules (see the comment on each row), over a small fixed data set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParameterTypeSearchTest extends FhirServerTest {

    private final String tag = unique();
    private final Map<String, String> ids = new java.util.HashMap<>();
    private IGenericClient setupClient;

    private String create(String label, Resource r) {
        String id = setupClient.create().resource(r).execute().getId().getIdPart();
        ids.put(label, id);
        return id;
    }

    private Patient patient(String family, String given, String birthDate) {
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        p.addName().setFamily(family).addGiven(given);
        if (birthDate != null) p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));
        return p;
    }

    private Observation observation(String subject) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.addIdentifier().setSystem("urn:test:tag").setValue(tag);
        o.setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "2157-6", "Creatine kinase")));
        if (subject != null) o.setSubject(new Reference(subject));
        return o;
    }

    @BeforeAll
    void data() {
        setupClient = CLIENT_CONTEXT.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        String a = create("A", patient("Müller", "Anna", "1980-05-15"));
        String b = create("B", patient("Mullins", "Bob", "1980"));
        create("C", patient("Smith", "Tullia", "1995-12-31"));
        create("D", patient("Doe", "Dana", null));
        // obs1: an instant-precision dateTime, [2025-03-15T10:00:00, +1 s)
        create("obs1", observation("Patient/" + a).setEffective(new DateTimeType("2025-03-15T10:00:00Z")));
        // obs2: a Period [2025-02-01, 2025-05-01)
        create("obs2", observation("Patient/" + a).setEffective(new Period()
                .setStartElement(new DateTimeType("2025-02-01")).setEndElement(new DateTimeType("2025-04-30"))));
        // obs3: a Period open at the end [2025-06-01, infinity)
        create("obs3", observation("Patient/" + b).setEffective(new Period()
                .setStartElement(new DateTimeType("2025-06-01"))));
        // obs4: a year [2025-01-01, 2026-01-01), and no subject
        create("obs4", observation(null).setEffective(new DateTimeType("2025")));
        // obs5: a Timing with two events; its outer limits [2025-07-10, 2025-09-20T08:00:01) are what is searched
        Timing twoEvents = new Timing();
        twoEvents.addEventElement().setValueAsString("2025-07-10");
        twoEvents.addEventElement().setValueAsString("2025-09-20T08:00:00Z");
        create("obs5", observation("Patient/" + b).setEffective(twoEvents));
        // obs6: a daily Timing without events, bounded by the Period [2025-10-01, 2025-11-01)
        Timing bounded = new Timing();
        bounded.getRepeat().setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D)
                .setBounds(new Period().setStartElement(new DateTimeType("2025-10-01"))
                        .setEndElement(new DateTimeType("2025-10-31")));
        create("obs6", observation(null).setEffective(bounded));
    }

    private Set<String> search(String type, String query) {
        Bundle b = client.search().byUrl(type + "?identifier=urn:test:tag|" + tag + "&" + query)
                .returnBundle(Bundle.class).execute();
        return Set.copyOf(labels(b.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList(),
                ids));
    }

    private static Set<String> expected(String labels) {
        return labels.isBlank() ? Set.of() : Set.copyOf(List.of(labels.trim().split("\\s+")));
    }

    @ParameterizedTest(name = "Observation?{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        // eq: the search range must contain the target's range entirely
        "date=2025-03-15;            obs1",
        "date=2025-03;               obs1",
        "date=2025;                  obs1 obs2 obs4 obs5 obs6",
        // gt: the target's range reaches past the end of the search range
        "date=gt2025-04-15;          obs2 obs3 obs4 obs5 obs6",
        // lt: the target's range starts before the search range
        "date=lt2025-02-15;          obs2 obs4",
        // sa / eb: strictly after / before, no overlap
        "date=sa2025-05-01;          obs3 obs5 obs6",
        "date=eb2025-03-01;          ''",
        // ge: gt, or contained
        "date=ge2025-03-15;          obs1 obs2 obs3 obs4 obs5 obs6",
        // le: lt, or contained
        "date=le2025-01-31;          obs4",
        // ne: not contained
        "date=ne2025;                obs3",
        // AND of two criteria: both must hold
        "date=ge2025-01-01&date=lt2025-03-01; obs2 obs4",
        "date=gt2025-04-15&date=lt2025-06-15&date=ne2025-03; obs2 obs3 obs4",
        // OR within one criterion
        "'date=2025-03-15,sa2025-05-01';      obs1 obs3 obs5 obs6",
        // a Timing is its outer limits: obs5's first event is on 2025-07-10 and ends before 2025-08-01, but
        // the Timing as a whole is neither within that day nor over by then
        "date=2025-07-10;            ''",
        "date=eb2025-08-01;          obs1 obs2",
        "date=2025-10;               obs6",
    })
    void dateSemantics(String query, String labels) {
        assertThat(search("Observation", query)).isEqualTo(expected(labels));
    }

    @ParameterizedTest(name = "Patient?{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        // default: starts with, ignoring case and accents, on any name part
        "name=mull;              A B",
        "name=MÜLLER;            A",
        "name=muller;            A",
        "name=ull;               ''",
        "family=smi;             C",
        "given=tull;             C",
        // :exact matches the value as written, case and accents included
        "name:exact=Müller;      A",
        "name:exact=müller;      ''",
        // :contains anywhere in a part
        "name:contains=ULL;      A B C",
        // birthdate is a date parameter: 1980 covers both the full date and the year
        "birthdate=1980;         A B",
        "birthdate=1980-05-15;   A",
        "birthdate:missing=true; D",
        "birthdate:missing=false; A B C",
    })
    void stringAndDateOnPatient(String query, String labels) {
        assertThat(search("Patient", query)).isEqualTo(expected(labels));
    }

    @ParameterizedTest(name = "Observation?{0} (reference)")
    @CsvSource(delimiter = ';', value = {
        "subject=Patient/{A};      obs1 obs2",
        "subject={A};              obs1 obs2",
        "subject:Patient={A};      obs1 obs2",
        "subject:Group={A};        ''",
        "patient=Patient/{B};      obs3 obs5",
        "'subject=Patient/{A},Patient/{B}'; obs1 obs2 obs3 obs5",
        "subject:missing=true;     obs4 obs6",
    })
    void referenceSemantics(String query, String labels) {
        String q = query.replace("{A}", ids.get("A")).replace("{B}", ids.get("B"));
        assertThat(search("Observation", q)).isEqualTo(expected(labels));
    }

    @ParameterizedTest(name = "{0} is refused with 400")
    @CsvSource({"date=2025-13-45", "date=notadate", "date:missing=maybe"})
    void malformedValuesAre400(String query) {
        var r = http.get("Observation?" + query);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains(query.substring(0, query.indexOf('=')).split(":")[0]);
    }
}
