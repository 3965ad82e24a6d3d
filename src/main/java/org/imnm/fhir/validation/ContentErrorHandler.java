package org.imnm.fhir.validation;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Parser error handling that separates syntax from content. Text that is not JSON/XML at all fails in
 * the parser itself (400). Well-formed text that breaks the R4 definitions (an unknown element, a code
 * outside its enumeration, a wrong JSON type) is rejected here with 422 naming the element, instead of
 * being silently dropped as HAPI's lenient default would.
 */
public final class ContentErrorHandler extends StrictErrorHandler {

    @Override
    public void unknownElement(IParseLocation location, String name) {
        as422(() -> super.unknownElement(location, name));
    }

    @Override
    public void unknownAttribute(IParseLocation location, String name) {
        as422(() -> super.unknownAttribute(location, name));
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        as422(() -> super.invalidValue(location, value, error));
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String name, ValueType expected, ScalarType expectedScalar,
            ValueType found, ScalarType foundScalar) {
        as422(() -> super.incorrectJsonType(location, name, expected, expectedScalar, found, foundScalar));
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String name) {
        as422(() -> super.unexpectedRepeatingElement(location, name));
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String name) {
        as422(() -> super.missingRequiredElement(location, name));
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {
        as422(() -> super.containedResourceWithNoId(location));
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
        as422(() -> super.extensionContainsValueAndNestedExtensions(location));
    }

    private static void as422(Runnable check) {
        try {
            check.run();
        } catch (DataFormatException e) {
            OperationOutcome oo = new OperationOutcome();
            oo.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.STRUCTURE)
                    .setDiagnostics(e.getMessage());
            throw new UnprocessableEntityException("Invalid content: " + e.getMessage(), oo);
        }
    }
}
