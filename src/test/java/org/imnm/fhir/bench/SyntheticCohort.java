package org.imnm.fhir.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Synthetic IMNM patients for load tests: a Patient, an IMNM Condition and about 40 Observations each
 * (a creatine kinase series, aldolase results, autoantibody results), with codes from shared/domain.
 */
public final class SyntheticCohort {

    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String UCUM = "http://unitsofmeasure.org";
    private static final String[][] ANTIBODIES = {
        {"33921-8", "Signal recognition particle Ab"}, {"93493-5", "HMG-CoA reductase Ab"},
        {"33571-1", "Jo-1 Ab"}, {"33772-5", "PL-7 Ab"}, {"33771-7", "PL-12 Ab"}, {"45149-2", "EJ Ab"}};

    private final Random random;

    public SyntheticCohort(long seed) {
        this.random = new Random(seed);
    }

    /** One patient's resources; the first is the Patient, referenced by fullUrl {@code urn:uuid:<uuid>}. */
    public record PatientRecord(String fullUrl, List<Resource> resources) {}

    public PatientRecord next(int index) {
        String uuid = UUID.randomUUID().toString();
        String ref = "urn:uuid:" + uuid;
        List<Resource> out = new ArrayList<>();
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:imnm:bench:mrn").setValue("MRN-" + uuid);
        p.addName().setFamily("Synthetic" + index).addGiven("Patient");
        p.setGender(random.nextBoolean() ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString()));
        out.add(p);

        Condition c = new Condition();
        c.setSubject(new Reference(ref));
        c.setCode(new CodeableConcept().addCoding(new Coding(SNOMED, "715863001", "Immune-mediated necrotizing myopathy")));
        c.setClinicalStatus(new CodeableConcept().addCoding(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
        c.setVerificationStatus(new CodeableConcept().addCoding(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed")));
        out.add(c);

        LocalDate start = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(365));
        double ck = 3000 + random.nextInt(9000);
        for (int i = 0; i < 24; i++) {
            out.add(quantity(ref, "2157-6", "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma",
                    Math.round(ck), start.plusWeeks(2L * i), 308));
            ck = Math.max(80, ck * (0.8 + random.nextDouble() * 0.3));
        }
        for (int i = 0; i < 10; i++) {
            out.add(quantity(ref, "1761-6", "Aldolase [Enzymatic activity/volume] in Serum or Plasma",
                    Math.round((4 + random.nextDouble() * 30) * 10) / 10.0, start.plusWeeks(4L * i), 7.7));
        }
        int positive = random.nextInt(3); // 0: anti-SRP, 1: anti-HMGCR, 2: seronegative
        for (int i = 0; i < ANTIBODIES.length; i++) {
            boolean pos = i == positive && positive < 2;
            Observation o = base(ref, ANTIBODIES[i][0], ANTIBODIES[i][1], start);
            o.setValue(new CodeableConcept().addCoding(pos ? new Coding(SNOMED, "10828004", "Positive")
                    : new Coding(SNOMED, "260385009", "Negative")));
            out.add(o);
        }
        return new PatientRecord(ref, out);
    }

    private Observation quantity(String subject, String loinc, String display, double value, LocalDate date, double upper) {
        Observation o = base(subject, loinc, display, date);
        o.setValue(new Quantity().setValue(value).setUnit("U/L").setSystem(UCUM).setCode("U/L"));
        o.addReferenceRange().setHigh((Quantity) new Quantity().setValue(upper).setUnit("U/L").setSystem(UCUM).setCode("U/L"));
        if (value > upper) {
            o.addInterpretation().addCoding(new Coding(
                    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High"));
        }
        return o;
    }

    private static Observation base(String subject, String loinc, String display, LocalDate date) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory().addCoding(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory"));
        o.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, display)));
        o.setSubject(new Reference(subject));
        o.setEffective(new DateTimeType(date.toString() + "T09:00:00Z"));
        return o;
    }
}
