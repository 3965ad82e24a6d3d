package org.imnm.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.xhtml.XhtmlComposer;

/** Both routes to the validator's element tree, and a description of a tree to compare them by. */
final class ParsedResourceConverterEquivalence {

    private final FhirContext ctx;
    private final DefinitionCachingJsonParser parser;
    private final ParsedResourceConverter converter;

    ParsedResourceConverterEquivalence(FhirContext ctx) {
        this.ctx = ctx;
        var context = new WorkerContextValidationSupportAdapter(ValidationSupports.baseR4(ctx));
        this.parser = new DefinitionCachingJsonParser(context, UnaryOperator.identity());
        parser.setupValidation(ValidationPolicy.EVERYTHING);
        this.converter = new ParsedResourceConverter(parser, ctx);
    }

    /** The tree core's JSON parser builds from HAPI's JSON, described, with the problems it found. */
    String viaJson(Resource resource) throws Exception {
        String json = ctx.newJsonParser().encodeResourceToString(resource);
        var fragments = parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        return describe(fragments.get(0).getElement(), fragments.get(0).getErrors());
    }

    /** The converter's tree, described, or null where it takes the JSON route. */
    String converted(Resource resource) {
        List<ValidationMessage> errors = new ArrayList<>();
        Element element = converter.convert(resource, errors);
        return element == null ? null : describe(element, errors);
    }

    static String describe(Element root, List<ValidationMessage> errors) {
        StringBuilder out = new StringBuilder();
        describe(root, "", out);
        for (ValidationMessage m : errors) out.append("! ").append(m.getLocation()).append(' ').append(m.getMessage()).append('\n');
        return out.toString();
    }

    private static void describe(Element e, String indent, StringBuilder out) {
        out.append(indent).append(e.getName()).append(" : ").append(e.getType()).append(e.hasType() ? "" : " (untyped)")
                .append(" @ ").append(e.getPath())
                .append(" #").append(e.getIndex()).append(' ').append(e.getSpecial())
                .append(" def=").append(e.getProperty().getDefinition().getId())
                .append(" sd=").append(e.getProperty().getStructure().getUrl());
        if (e.getXhtml() != null) {
            try {
                out.append(" xhtml=").append(new XhtmlComposer(true).compose(e.getXhtml()));
            } catch (Exception x) {
                out.append(" xhtml!").append(x.getMessage());
            }
        } else if (e.hasValue()) {
            out.append(" = ").append(e.getValue());
        }
        out.append('\n');
        if (e.hasChildren()) for (Element child : e.getChildren()) describe(child, indent + "  ", out);
    }
}
