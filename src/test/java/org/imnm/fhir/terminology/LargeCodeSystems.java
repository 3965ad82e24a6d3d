package org.imnm.fhir.terminology;

import java.util.Random;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * A synthetic CodeSystem of {@code groups * perGroup} concepts, the same for a given size: groups G000...
 * at the top, concepts C000001... under them with four-word displays from a small vocabulary, a German
 * designation on every tenth concept and a {@code grade} property on every seventh.
 */
public final class LargeCodeSystems {

    static final String[] WORDS = ("acute chronic necrotizing inflammatory myopathy muscle fibre protein kinase creatine"
            + " aldolase antibody serum plasma immune mediated disorder syndrome proximal weakness biopsy regeneration"
            + " receptor enzyme").split(" ");

    private LargeCodeSystems() {}

    public static CodeSystem generate(String url, int groups, int perGroup) {
        Random random = new Random(1);
        CodeSystem cs = new CodeSystem();
        cs.setUrl(url).setVersion("1").setName("Synthetic").setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setContent(CodeSystem.CodeSystemContentMode.COMPLETE)
                .setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.ISA);
        cs.addProperty().setCode("grade").setType(CodeSystem.PropertyType.CODE);
        for (int g = 0; g < groups; g++) {
            var group = cs.addConcept().setCode(String.format("G%03d", g)).setDisplay("Group " + g);
            for (int k = 0; k < perGroup - 1; k++) {
                int n = g * perGroup + k + 1;
                StringBuilder display = new StringBuilder();
                for (int w = 0; w < 4; w++) display.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                display.append(n);
                var c = group.addConcept().setCode(code(n)).setDisplay(display.toString());
                if (k % 10 == 0) c.addDesignation().setLanguage("de").setValue("Begriff " + display);
                if (k % 7 == 0) c.addProperty().setCode("grade").setValue(new CodeType(Integer.toString(k % 5)));
            }
        }
        return cs;
    }

    public static String code(int n) {
        return String.format("C%06d", n);
    }
}
