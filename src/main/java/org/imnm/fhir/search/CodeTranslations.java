package org.imnm.fhir.search;

import java.util.List;

/**
 * Codes the stored ConceptMaps relate to a code (either direction, any match but unmatched/disjoint), as
 * "system|code". A token parameter marked to translate codes also matches these, so a search by an ICD-10-CM
 * code finds resources coded in SNOMED CT.
 */
public interface CodeTranslations {

    String EXTENSION = "urn:imnm-fhir:StructureDefinition/search-parameter-translates-codes";

    List<String> related(String system, String code);
}
