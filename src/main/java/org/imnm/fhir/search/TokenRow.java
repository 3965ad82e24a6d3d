package org.imnm.fhir.search;

/** One token index entry: a (system, code) pair found under a parameter. */
record TokenRow(String param, String system, String code) {}
