package org.imnm.fhir.search;

import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.function.Supplier;

/**
 * A FHIRPath expression, parsed the first time it is needed. Parsing needs HAPI's FHIRPath engine, and
 * creating that reads every R4 StructureDefinition (over a second of CPU); the CapabilityStatement only
 * needs the parameters' names and types, so the first /metadata answer does not wait for the engine.
 */
final class DeferredExpression {

    private final String text;
    private final Supplier<IFhirPath> engine;
    private volatile IFhirPath.IParsedExpression parsed;

    DeferredExpression(String text, Supplier<IFhirPath> engine) {
        this.text = text;
        this.engine = engine;
    }

    String text() {
        return text;
    }

    IFhirPath.IParsedExpression parsed() {
        IFhirPath.IParsedExpression p = parsed;
        if (p == null) {
            try {
                p = engine.get().parse(text);
            } catch (Exception e) {
                // The specification's expressions all parse, and stored SearchParameters are checked when written.
                throw new IllegalStateException("FHIRPath expression '" + text + "' does not parse", e);
            }
            parsed = p; // two threads may both parse it: either result serves
        }
        return p;
    }
}
