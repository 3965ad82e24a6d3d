package org.imnm.fhir.validation;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.IModelVisitor2;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.imnm.fhir.store.FhirStrings;

/**
 * Values the parser accepts that must be refused before anything else looks at them, with validation on
 * or off, found in one walk over the resource:
 * <ul>
 * <li>a decimal of any size is valid FHIR, but FHIR core's validator expands "1e-9999999" digit by digit
 * (minutes of CPU for a 200-byte request) and Postgres cannot index it;</li>
 * <li>a character FHIR strings forbid ({@link FhirStrings}): the instance validator does not check it,
 * and Postgres cannot store a NUL, which surfaced as an unexplained 400.</li>
 * </ul>
 */
final class StorableValues {

    /** Digits and exponent a stored decimal may have (Postgres' numeric holds 16,383 after the point). */
    static final int MAX_DECIMAL_DIGITS = 1000;

    private final FhirContext fhirContext;

    StorableValues(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** The first such value, as an error naming where it is. */
    Optional<ValidationMessage> firstProblem(IBaseResource resource) {
        String[] found = new String[2]; // location, message
        fhirContext.newTerser().visit(resource, new IModelVisitor2() {
            @Override
            public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
                    List<BaseRuntimeElementDefinition<?>> definitions) {
                if (found[0] != null) return false;
                String problem = problem(element);
                if (problem != null) {
                    found[0] = location(resource, children);
                    found[1] = problem;
                    return false;
                }
                return true;
            }
        });
        if (found[0] == null) return Optional.empty();
        return Optional.of(new ValidationMessage(ValidationMessage.Source.InstanceValidator,
                ValidationMessage.IssueType.VALUE, found[0], found[0] + ": " + found[1],
                ValidationMessage.IssueSeverity.ERROR));
    }

    private static String problem(IBase element) {
        if (element instanceof DecimalType d) return outOfRange(d.getValue());
        // the narrative's XHTML is no PrimitiveType here, and its XML parser already refuses control characters
        if (element instanceof PrimitiveType<?> p && p.hasValue()) return controlCharacter(p.getValueAsString());
        return null;
    }

    private static String outOfRange(BigDecimal v) {
        if (v == null || (Math.abs(v.scale()) <= MAX_DECIMAL_DIGITS && v.precision() <= MAX_DECIMAL_DIGITS
                && Math.abs(v.precision() - v.scale()) <= MAX_DECIMAL_DIGITS)) {
            return null;
        }
        String text = v.toString();
        return "Decimal value " + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                + " is out of the range this server stores (up to " + MAX_DECIMAL_DIGITS + " digits and exponents of "
                + MAX_DECIMAL_DIGITS + ")";
    }

    private static String controlCharacter(String value) {
        int c = FhirStrings.firstForbiddenCharacter(value);
        return c < 0 ? null
                : String.format("the value contains the control character U+%04X, which FHIR strings may not hold", c);
    }

    /** "Patient.name.family": the element names down to the value (without list positions). */
    private static String location(IBaseResource resource, List<BaseRuntimeChildDefinition> children) {
        StringBuilder path = new StringBuilder(resource.fhirType());
        for (BaseRuntimeChildDefinition child : children) {
            if (child != null) path.append('.').append(child.getElementName());
        }
        return path.toString();
    }
}
