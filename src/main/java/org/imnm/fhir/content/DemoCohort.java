package org.imnm.fhir.content;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A synthetic IMNM cohort, built to the shipped profiles: per patient an IMNM Condition with its subtype,
 * an autoantibody panel (anti-SRP, anti-HMGCR), a creatine kinase series falling under treatment, an
 * aldolase series and, for anti-HMGCR, the statin taken before. Every resource has a demo identifier and is
 * written by conditional update, so loading twice changes nothing. Invented people and values, for trying
 * the API; never loaded unless asked for.
 */
final class DemoCohort {

    static final String SYSTEM = "urn:imnm-fhir:demo";
    private static final String SD = "urn:imnm-fhir:StructureDefinition/";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String LOINC = "http://loinc.org";
    private static final String SCT = "http://snomed.info/sct";
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    /** LOINC long common names, as ../shared/domain records them (confirmed). */
    private static final String CK_DISPLAY = "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma";
    private static final String ALDOLASE_DISPLAY = "Aldolase [Enzymatic activity/volume] in Serum or Plasma";
    /**
     * The antibody codes' LOINC long names were not seen (the codes were, in ARUP's and LabCorp's maps), so
     * the codings carry no display and the text is the laboratory's component name.
     */
    private static final String ANTI_SRP_TEXT = "Signal Recognition Particle (SRP) Ab";
    private static final String ANTI_HMGCR_TEXT = "HMGCR Antibody, IgG";
    private static final String[] SUBTYPES = {"anti-srp", "anti-hmgcr", "autoantibody-negative"};
    private static final String[] FAMILY = {"Lindqvist", "Okafor", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Byrne"};
    private static final String[] GIVEN = {"Alex", "Sam", "Robin", "Kim", "Jo", "Noor", "Ari", "Lee"};

    private final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    private final Random random = new Random(42);

    /** {@code patients} patients, the subtypes taking turns. */
    static Bundle build(int patients) {
        DemoCohort cohort = new DemoCohort();
        for (int i = 1; i <= patients; i++) cohort.patient(i, SUBTYPES[(i - 1) % SUBTYPES.length]);
        return cohort.bundle;
    }

    private void patient(int n, String subtype) {
        String key = String.format("demo-%03d", n);
        Patient p = new Patient();
        p.addIdentifier().setSystem(SYSTEM).setValue(key);
        p.addName(new HumanName().setFamily(FAMILY[n % FAMILY.length]).addGiven(GIVEN[(n * 3) % GIVEN.length]));
        p.setGender(n % 2 == 0 ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(String.valueOf(1950 + random.nextInt(40)) + "-0"
                + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)));
        Reference subject = put(p, key);
        LocalDate diagnosed = LocalDate.of(2025, 1 + random.nextInt(6), 1 + random.nextInt(27));

        Reference srp = antibody(key + "-srp", subject, "33921-8", ANTI_SRP_TEXT, subtype.equals("anti-srp"), diagnosed);
        Reference hmgcr = antibody(key + "-hmgcr", subject, "93493-5", ANTI_HMGCR_TEXT, subtype.equals("anti-hmgcr"),
                diagnosed);
        Observation panel = laboratory(SD + "myositis-antibody-panel", subject, diagnosed);
        panel.setCode(new CodeableConcept().setText("Myositis antibody panel"));
        panel.addHasMember(srp).addHasMember(hmgcr);
        put(panel, key + "-panel");

        List<Reference> ck = new ArrayList<>();
        double peak = 4000 + random.nextInt(9000);
        for (int month = 0; month < 6; month++) {
            double value = Math.round(peak * Math.pow(0.55, month));
            ck.add(enzyme(key + "-ck-" + month, subject, "creatine-kinase", "2157-6", CK_DISPLAY, value, 308,
                    diagnosed.plusMonths(month)));
        }
        for (int month = 0; month < 6; month += 2) {
            double value = Math.round((14 + random.nextInt(20)) * Math.pow(0.6, month) * 10) / 10.0;
            enzyme(key + "-aldolase-" + month, subject, "aldolase", "1761-6", ALDOLASE_DISPLAY, value, 7.6,
                    diagnosed.plusMonths(month));
        }

        Condition c = new Condition();
        c.getMeta().addProfile(SD + "imnm-condition");
        c.addIdentifier().setSystem(SYSTEM).setValue(key + "-condition");
        c.addExtension(SD + "imnm-subtype", new Coding("urn:imnm-fhir:CodeSystem/imnm-subtype", subtype, null));
        c.getClinicalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("active");
        c.getVerificationStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status")
                .setCode("confirmed");
        c.getCode().addCoding().setSystem(SCT).setCode("715863001").setDisplay("Immune-mediated necrotizing myopathy");
        c.getCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10-cm").setCode("G72.49");
        c.setSubject(subject);
        c.setOnset(new DateTimeType(diagnosed.minusMonths(2).toString()));
        c.setRecordedDateElement(new DateTimeType(diagnosed.toString()));
        var evidence = c.addEvidence();
        evidence.addDetail(srp).addDetail(hmgcr).addDetail(ck.get(0));
        put(c, key + "-condition");

        if (subtype.equals("anti-hmgcr")) {
            MedicationStatement statin = new MedicationStatement();
            statin.addIdentifier().setSystem(SYSTEM).setValue(key + "-statin");
            statin.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
            statin.setMedication(new CodeableConcept().addCoding(
                    new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "83367", "atorvastatin")));
            statin.setSubject(subject);
            statin.getEffectivePeriod().setStartElement(new DateTimeType(diagnosed.minusYears(3).toString()))
                    .setEndElement(new DateTimeType(diagnosed.minusMonths(1).toString()));
            put(statin, key + "-statin");
        }
    }

    private Reference antibody(String key, Reference subject, String loinc, String text, boolean positive,
            LocalDate when) {
        Observation o = laboratory(SD + "myositis-autoantibody", subject, when);
        o.getCode().addCoding().setSystem(LOINC).setCode(loinc);
        o.getCode().setText(text);
        o.setValue(new CodeableConcept().addCoding(positive ? new Coding(SCT, "10828004", "Positive")
                : new Coding(SCT, "260385009", "Negative")));
        o.addInterpretation().addCoding().setSystem(INTERPRETATION).setCode(positive ? "POS" : "NEG");
        return put(o, key);
    }

    private Reference enzyme(String key, Reference subject, String profile, String loinc, String display, double value,
            double upper, LocalDate when) {
        Observation o = laboratory(SD + profile, subject, when);
        o.getCode().addCoding().setSystem(LOINC).setCode(loinc).setDisplay(display);
        o.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("U/L").setSystem(UCUM).setCode("U/L"));
        o.addInterpretation().addCoding().setSystem(INTERPRETATION).setCode(value > upper ? "H" : "N");
        o.addReferenceRange().setHigh((Quantity) new Quantity().setValue(BigDecimal.valueOf(upper)).setUnit("U/L")
                .setSystem(UCUM).setCode("U/L"));
        return put(o, key);
    }

    private static Observation laboratory(String profile, Reference subject, LocalDate when) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.getMeta().addProfile(profile);
        o.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("laboratory");
        o.setSubject(subject);
        o.setEffective(new DateTimeType(when.toString()));
        return o;
    }

    /** A conditional update by the demo identifier; the returned reference is the entry's urn:uuid. */
    private Reference put(Resource r, String key) {
        if (r instanceof Observation o) o.addIdentifier().setSystem(SYSTEM).setValue(key);
        String fullUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bundle.addEntry().setFullUrl(fullUrl).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(r.fhirType() + "?identifier=" + SYSTEM + "|" + key);
        return new Reference(fullUrl);
    }
}
