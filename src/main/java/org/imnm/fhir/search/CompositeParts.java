package org.imnm.fhir.search;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;
import java.util.Optional;

/**
 * The two parts of an R4 composite search parameter, with the FHIRPath of each relative to the element the
 * composite's own path reaches. HAPI's R4 definitions name the component parameters but not these relative
 * expressions, so they are read off the component's name, as the specification defines them (code;
 * value as Quantity, CodeableConcept, dateTime/Period or string). A composite not recognised is not indexed
 * (and so not advertised).
 */
final class CompositeParts {

    record Part(RestSearchParameterTypeEnum type, String expression) {}

    private CompositeParts() {}

    static Optional<List<Part>> of(RuntimeSearchParam sp, RuntimeResourceDefinition def) {
        if (sp.getComponents() == null || sp.getComponents().size() != 2) return Optional.empty();
        Part first = part(sp.getComponents().get(0).getReference(), def);
        Part second = part(sp.getComponents().get(1).getReference(), def);
        if (first == null || second == null || first.type() != RestSearchParameterTypeEnum.TOKEN) return Optional.empty();
        return Optional.of(List.of(first, second));
    }

    private static Part part(String reference, RuntimeResourceDefinition def) {
        if (reference == null) return null;
        String name = reference.substring(reference.lastIndexOf('/') + 1);
        name = name.substring(name.indexOf('-') + 1); // "Observation-component-value-quantity" -> "component-value-quantity"
        RuntimeSearchParam component = def.getSearchParam(name);
        if (component == null) return null;
        String expression;
        if (name.endsWith("code") || name.equals("context-type") || name.equals("characteristic")) expression = "code";
        else if (name.endsWith("value-quantity") || name.equals("context-quantity")) expression = "value.ofType(Quantity)";
        else if (name.endsWith("value-concept") || name.equals("context")) expression = "value.ofType(CodeableConcept)";
        else if (name.endsWith("value-date")) expression = "value.ofType(dateTime) | value.ofType(Period)";
        else if (name.endsWith("value-string")) expression = "value.ofType(string)";
        else if (name.equals("value")) expression = "value.ofType(CodeableConcept) | value.ofType(boolean)";
        else return null;
        return new Part(component.getParamType(), expression);
    }
}
