package org.imnm.fhir.search;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.Set;

/** What the CapabilityStatement says of one supported search parameter. */
public record ParameterDescription(String name, RestSearchParameterTypeEnum type, String definition,
        String description, Set<String> targets) {}
