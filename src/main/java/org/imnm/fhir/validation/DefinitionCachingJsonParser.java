package org.imnm.fhir.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * The validator's element-model JSON parser, remembering which StructureDefinition defines each resource
 * type. FHIR core finds it by scanning every StructureDefinition the context holds, building a URL string
 * per candidate, for every resource parsed: about a twelfth of ingest CPU when profiled. A parser belongs
 * to one pooled validator at a time and lives for its uses; the base definitions it caches never change.
 * {@code view} picks the form of a definition this parser's validator checks against ({@link WriteDefinitions}).
 */
final class DefinitionCachingJsonParser extends JsonParser {

    private final Map<String, StructureDefinition> definitions = new HashMap<>();
    private final UnaryOperator<StructureDefinition> view;

    DefinitionCachingJsonParser(IWorkerContext context, UnaryOperator<StructureDefinition> view) {
        super(context);
        this.view = view;
    }

    @Override
    protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name)
            throws FHIRFormatError {
        StructureDefinition known = name == null ? null : definitions.get(name);
        if (known != null) return known;
        StructureDefinition found = super.getDefinition(errors, line, col, name);
        if (found == null) return null;
        found = view.apply(found);
        definitions.put(name, found); // only what was found: a miss logs its error each time
        return found;
    }

    /** The definition of resource type {@code type} as this parser's validator checks against it; null if unknown. */
    StructureDefinition definitionOf(String type) {
        return getDefinition(new java.util.ArrayList<>(), -1, -1, type);
    }
}
