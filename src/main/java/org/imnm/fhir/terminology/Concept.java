package org.imnm.fhir.terminology;

/** One stored concept of a CodeSystem. */
record Concept(long id, String code, String display, String definition, boolean inactive) {}
