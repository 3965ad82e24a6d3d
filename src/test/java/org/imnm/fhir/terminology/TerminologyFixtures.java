package org.imnm.fhir.terminology;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations;

/** A small myopathy code system with a hierarchy, designations and properties, under a url unique to the caller. */
final class TerminologyFixtures {

    private TerminologyFixtures() {}

    /*
     * muscle-disease
     *   myositis            (de: Entzündliche Myopathie)
     *     imnm              severity = high
     *       anti-srp
     *       anti-hmgcr      statin-associated = true
     *     dm
     *   dystrophy           status = retired (inactive)
     * legacy                parent = muscle-disease (by property, not nesting)
     */
    static CodeSystem myopathies(String url) {
        CodeSystem cs = new CodeSystem();
        cs.setUrl(url).setVersion("1.0.0").setName("TestMyopathies").setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setContent(CodeSystem.CodeSystemContentMode.COMPLETE).setCaseSensitive(true)
                .setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.ISA);
        cs.addProperty().setCode("severity").setType(CodeSystem.PropertyType.CODE);
        cs.addProperty().setCode("statin-associated").setType(CodeSystem.PropertyType.BOOLEAN);
        cs.addProperty().setCode("status").setType(CodeSystem.PropertyType.CODE);
        cs.addProperty().setCode("parent").setType(CodeSystem.PropertyType.CODE);
        var root = cs.addConcept().setCode("muscle-disease").setDisplay("Muscle disease");
        var myositis = root.addConcept().setCode("myositis").setDisplay("Inflammatory myopathy");
        myositis.addDesignation().setLanguage("de").setValue("Entzündliche Myopathie");
        var imnm = myositis.addConcept().setCode("imnm").setDisplay("Immune-mediated necrotizing myopathy")
                .setDefinition("Myopathy with necrotic muscle fibres and little inflammation");
        imnm.addProperty().setCode("severity").setValue(new CodeType("high"));
        imnm.addConcept().setCode("anti-srp").setDisplay("Anti-SRP myopathy");
        imnm.addConcept().setCode("anti-hmgcr").setDisplay("Anti-HMGCR myopathy")
                .addProperty().setCode("statin-associated").setValue(new BooleanType(true));
        myositis.addConcept().setCode("dm").setDisplay("Dermatomyositis");
        root.addConcept().setCode("dystrophy").setDisplay("Muscular dystrophy")
                .addProperty().setCode("status").setValue(new CodeType("retired"));
        cs.addConcept().setCode("legacy").setDisplay("Legacy muscle entry")
                .addProperty().setCode("parent").setValue(new CodeType("muscle-disease"));
        return cs;
    }

    /** myopathies -> a target system: imnm equivalent to T1, myositis wider than T2, dm unmatched. */
    static ConceptMap map(String url, String source, String target) {
        ConceptMap map = new ConceptMap();
        map.setUrl(url).setStatus(Enumerations.PublicationStatus.ACTIVE);
        var group = map.addGroup().setSource(source).setTarget(target);
        group.addElement().setCode("imnm").setDisplay("IMNM").addTarget().setCode("T1").setDisplay("Target one")
                .setEquivalence(Enumerations.ConceptMapEquivalence.EQUIVALENT);
        group.addElement().setCode("myositis").addTarget().setCode("T2").setDisplay("Target two")
                .setEquivalence(Enumerations.ConceptMapEquivalence.WIDER);
        group.addElement().setCode("dm").addTarget().setEquivalence(Enumerations.ConceptMapEquivalence.UNMATCHED)
                .setComment("no counterpart");
        return map;
    }
}
