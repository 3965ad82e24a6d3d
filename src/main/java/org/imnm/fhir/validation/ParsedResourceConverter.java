package org.imnm.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.MetaUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.instance.model.api.IBaseBooleanDatatype;
import org.hl7.fhir.instance.model.api.IBaseDecimalDatatype;
import org.hl7.fhir.instance.model.api.IBaseIntegerDatatype;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.XhtmlType;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.elementmodel.Property;
import org.hl7.fhir.r5.model.ElementDefinition.TypeRefComponent;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.Utilities;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.hl7.fhir.utilities.xhtml.XhtmlParser;

/**
 * The validator's element tree built straight from the resource HAPI has already parsed, instead of encoding
 * it to JSON with HAPI and parsing that again with FHIR core's element-model parser: those two steps were a
 * third of validation CPU when profiled. The tree is the one core's JSON parser builds from HAPI's JSON: the
 * same elements, names, values, order and paths, with HAPI's encoding rules applied (empty and blank values
 * left out, versions stripped from references, the resource id without its type).
 *
 * <p>Where HAPI's encoder would change the content in ways not mirrored here (contained resources, references
 * to in-memory resources, a version only in the id, ...), {@link #convert} answers {@code null} and the caller
 * takes the JSON route, which stays the reference: the tests check that both routes build the same tree.
 */
final class ParsedResourceConverter {

    /** HAPI's encoder would change something this does not mirror. */
    private static final class NotMirrored extends RuntimeException {
        NotMirrored() {
            super(null, null, false, false);
        }
    }

    private static final NotMirrored NOT_MIRRORED = new NotMirrored();

    /** Children every resource or element inherits. */
    private static final java.util.Set<String> INHERITED = java.util.Set.of(
            "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension");

    private final DefinitionCachingJsonParser parser;
    private final boolean stripsReferenceVersions;
    /**
     * Per property of the definitions (core keeps their child lists, so the same objects come back); a
     * converter belongs to one pooled validator slot, used by one thread at a time.
     */
    private final Map<Property, Facts> facts = new java.util.IdentityHashMap<>();

    ParsedResourceConverter(DefinitionCachingJsonParser parser, FhirContext fhirContext) {
        this.parser = parser;
        var options = fhirContext.getParserOptions();
        this.stripsReferenceVersions = options.isStripVersionsFromReferences()
                && options.getDontStripVersionsFromReferencesAtPaths().isEmpty();
    }

    /** The element tree, problems found on the way in {@code errors}; {@code null} to take the JSON route. */
    Element convert(Resource resource, List<ValidationMessage> errors) {
        if (!mirrorsResourceLevel(resource)) return null;
        StructureDefinition sd = parser.definitionOf(resource.fhirType());
        if (sd == null) return null;
        Element root = new Element(sd.getType(), new Property(parser.getContext(), sd.getSnapshot().getElementFirstRep(),
                sd, parser.getProfileUtilities(), parser.getContextUtilities())).setFormat(FhirFormat.JSON);
        root.setType(sd.getType());
        root.setPath(root.fhirTypeRoot());
        try {
            addChildren(resource, root, sd.getTypeTail(), errors);
        } catch (NotMirrored e) {
            return null;
        }
        root.numberChildren();
        return root;
    }

    /** What HAPI's encoder does to a resource's own id and meta, and which of it is mirrored. */
    private boolean mirrorsResourceLevel(Resource resource) {
        IdType id = resource.getIdElement();
        if (id.hasExtension() || id.hasFormatComment()) return false; // encoded as "_id"
        if (id.hasVersionIdPart() && (!resource.hasMeta() || !resource.getMeta().hasVersionId())) return false;
        if (resource.hasMeta()) {
            var meta = resource.getMeta();
            if (meta.getTag().stream().anyMatch(ParsedResourceConverter::dropped)
                    || meta.getSecurity().stream().anyMatch(ParsedResourceConverter::dropped)) return false;
            if (!MetaUtil.getAutoVersionReferencesAtPath(meta, resource.fhirType()).isEmpty()) return false;
        }
        return true;
    }

    /** A meta tag or security label HAPI leaves out when encoding. */
    private static boolean dropped(Coding coding) {
        return StringUtils.isBlank(coding.getCode()) && StringUtils.isBlank(coding.getSystem());
    }

    private void addChildren(Base source, Element target, String path, List<ValidationMessage> errors) {
        List<Property> properties = target.getProperty().getChildProperties(target.getName(), null);
        Map<String, org.hl7.fhir.r4.model.Property> present = present(source);
        for (Property property : properties) {
            Facts facts = facts(property);
            org.hl7.fhir.r4.model.Property child = child(source, facts.name(), present);
            if (child == null) continue;
            if (facts.resource()) throw NOT_MIRRORED; // contained and nested resources
            int index = 0;
            for (Base value : child.getValues()) {
                if (value == null) continue;
                String name = facts.choice() ? choiceName(property, facts, value) : facts.name();
                if (value.isPrimitive()) {
                    addPrimitive(source, value, property, facts, name, target, path, errors);
                } else if (!value.isEmpty()) {
                    String elementPath = target.getPath() + "." + facts.name() + (facts.list() ? "[" + index + "]" : "");
                    index++;
                    Element element = element(name, property, facts);
                    element.setPath(elementPath);
                    target.getChildren().add(element);
                    if (value instanceof Reference reference) checkReference(reference);
                    addChildren(value, element, path + "." + facts.name(), errors);
                }
            }
        }
        if (!present.isEmpty()) throw NOT_MIRRORED; // something the definition does not have
    }

    /** The source's children that have values, by name. */
    private static Map<String, org.hl7.fhir.r4.model.Property> present(Base source) {
        Map<String, org.hl7.fhir.r4.model.Property> present = new HashMap<>();
        for (org.hl7.fhir.r4.model.Property child : source.children()) {
            if (child.hasValues()) present.put(child.getName(), child);
        }
        return present;
    }

    /**
     * A child by name. R4's MetadataResource and BackboneType list only their own children, not the ones
     * they inherit (a ValueSet's id and text, a Dosage's extensions); asked by name, they answer them.
     */
    private static org.hl7.fhir.r4.model.Property child(Base source, String name,
            Map<String, org.hl7.fhir.r4.model.Property> present) {
        org.hl7.fhir.r4.model.Property child = present.remove(name);
        if (child != null || !INHERITED.contains(name)) return child;
        child = source.getNamedProperty(name);
        return child != null && child.hasValues() ? child : null;
    }

    private static String choiceName(Property property, Facts facts, Base value) {
        String type = value.fhirType();
        for (TypeRefComponent allowed : property.getDefinition().getType()) {
            if (allowed.getWorkingCode().equals(type)) {
                return facts.name().substring(0, facts.name().length() - 3) + Utilities.capitalize(type);
            }
        }
        throw NOT_MIRRORED;
    }

    private void addPrimitive(Base source, Base value, Property property, Facts facts, String name, Element target,
            String path, List<ValidationMessage> errors) {
        String text = encodedValue(source, value, facts);
        boolean hasChildren = value instanceof org.hl7.fhir.r4.model.Element e && (e.hasId() || e.hasExtension());
        if (text == null && !hasChildren) return;
        Element element = element(name, property, facts);
        element.setPath(target.getPath() + "." + facts.name());
        target.getChildren().add(element);
        String elementPath = path + "." + facts.name();
        if (text != null) {
            element.setValue(property.hasImpliedPrefix() ? property.getImpliedPrefix() + text : text);
            checkJsonType(element.getType(), value);
            if (!facts.choice() && element.getType().equals("xhtml")) parseXhtml(element, elementPath, errors);
        }
        if (hasChildren) addChildren(value, element, elementPath, errors);
    }

    /**
     * An element of a property that is not a resource, as core's parser makes it. This constructor leaves
     * out what the other one adds, a check whether the property is a resource (a definition lookup for
     * every element): a resource property never gets here.
     *
     * <p>The element is given its type: what {@code property.getType(name)} answers, which core's element
     * otherwise works out from the definition at every {@code getType()} and {@code fhirType()} the validator
     * makes (5% of the server's CPU during ingest). Only where the definition lists types, so that
     * {@code hasType()} answers as before; a content reference keeps the lookup.
     */
    private static Element element(String name, Property property, Facts facts) {
        String type = !facts.typed() ? null : facts.choice() ? property.getType(name) : facts.type();
        return new Element(name, property, type, null).setFormat(FhirFormat.JSON);
    }

    /**
     * What the conversion asks of a property, worked out once: core derives each from its definition per call.
     * {@code type} is the type of the property's elements when it is not a choice.
     */
    private record Facts(String name, boolean choice, boolean list, boolean resource, boolean typed, String type) {}

    private Facts facts(Property property) {
        return facts.computeIfAbsent(property, p -> {
            boolean typed = !p.getDefinition().getType().isEmpty();
            String type = typed && !p.isChoice() ? p.getType(p.getName()) : null;
            return new Facts(p.getName(), p.isChoice(), p.isList(), p.isResource(), typed, type);
        });
    }

    /** The primitive's value as HAPI's JSON encoder writes it; {@code null} when it writes none. */
    private String encodedValue(Base source, Base value, Facts facts) {
        String text;
        if (value instanceof XhtmlType xhtml) {
            XhtmlNode div = xhtml.getXhtml();
            text = div == null || div.isEmpty() ? null : div.getValueAsString();
        } else if (value instanceof IdType id && facts.name().equals("id") && source instanceof Resource) {
            text = id.getValue() != null && id.getValue().startsWith("urn:") ? null : id.getIdPart();
        } else if (value instanceof IBaseIntegerDatatype integer) {
            text = integer.getValue() == null ? null : integer.getValue().toString();
        } else if (value instanceof IBaseBooleanDatatype bool) {
            text = bool.getValue() == null ? null : bool.getValue().toString();
        } else if (source instanceof Reference reference && facts.name().equals("reference")) {
            text = referenceText(reference);
        } else {
            text = ((PrimitiveType<?>) value).getValueAsString();
        }
        return StringUtils.isBlank(text) ? null : text;
    }

    /** A reference as HAPI's encoder writes it when nothing is contained: without its version. */
    private String referenceText(Reference reference) {
        IdType ref = new IdType(reference.getReference());
        if (StringUtils.isBlank(ref.getIdPart())) return ref.getValue();
        if (ref.isLocal()) throw NOT_MIRRORED; // checked against contained resources
        if (!stripsReferenceVersions) {
            if (ref.hasVersionIdPart()) throw NOT_MIRRORED;
            return ref.getValue();
        }
        return ref.toVersionless().getValue();
    }

    private static void checkReference(Reference reference) {
        if (reference.getResource() != null) throw NOT_MIRRORED; // HAPI contains it or writes its id
    }

    /** The JSON type HAPI writes must be the one core's parser checks for: numbers, booleans, else strings. */
    private static void checkJsonType(String type, Base value) {
        boolean number = value instanceof IBaseIntegerDatatype || value instanceof IBaseDecimalDatatype;
        boolean bool = value instanceof IBaseBooleanDatatype;
        boolean wanted = switch (type) {
            case "boolean" -> bool;
            case "integer", "unsignedInt", "positiveInt", "decimal" -> number;
            default -> !number && !bool;
        };
        if (!wanted) throw NOT_MIRRORED;
    }

    /** As core's JSON parser does with the narrative's text, issues included. */
    private void parseXhtml(Element element, String path, List<ValidationMessage> errors) {
        try {
            XhtmlParser xhtml = new XhtmlParser();
            element.setXhtml(xhtml.setXmlMode(true).parse(element.getValue(), null).getDocumentElement());
            for (var issue : xhtml.getValidationIssues()) {
                parser.logError(errors, "2022-11-17", -1, -1, path, IssueType.INVALID,
                        parser.getContext().formatMessage(issue.getName(), issue.getValue()), IssueSeverity.ERROR);
            }
        } catch (Exception e) {
            parser.logError(errors, ValidationMessage.NO_RULE_DATE, -1, -1, path, IssueType.INVALID,
                    parser.getContext().formatMessage(I18nConstants.ERROR_PARSING_XHTML_, e.getMessage()), IssueSeverity.ERROR);
        }
    }
}
