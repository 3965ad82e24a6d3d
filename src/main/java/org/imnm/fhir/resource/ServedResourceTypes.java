package org.imnm.fhir.resource;

import java.util.List;

/** The resource types this server stores and serves through the generic provider. */
public final class ServedResourceTypes {

    public static final List<String> NAMES = List.of(
            "Patient", "Condition", "Observation", "ResearchStudy",
            // what trials and patients refer to
            "Organization", "Location", "Practitioner", "Group", "ResearchSubject", "MedicationStatement",
            // terminology
            "CodeSystem", "ValueSet", "ConceptMap",
            // search parameters of our own, created through the API
            "SearchParameter",
            // conformance: read-only (the profiles ship with the server)
            "StructureDefinition");

    /** Types clients may read and search but not write. */
    public static final List<String> READ_ONLY = List.of("StructureDefinition");

    private ServedResourceTypes() {}

    public static boolean isServed(String type) {
        return NAMES.contains(type);
    }

    public static boolean isReadOnly(String type) {
        return READ_ONLY.contains(type);
    }
}
