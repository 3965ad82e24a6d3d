package org.imnm.fhir.terminology;

/** One code of a value set's expansion; {@code conceptId} is set when the code system is stored here. */
record Member(String system, String version, String code, String display, Long conceptId, boolean inactive) {}
