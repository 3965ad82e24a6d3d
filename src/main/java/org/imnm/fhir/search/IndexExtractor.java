package org.imnm.fhir.search;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.stereotype.Component;

/**
 * Turns a resource into index rows by evaluating each parameter's FHIRPath expression and reading the
 * values the way the specification's search rules for that parameter type describe.
 */
@Component
class IndexExtractor {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern LOCAL_REFERENCE = Pattern.compile("^([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/.*)?$");

    private final SearchParameterRegistry registry;
    private final UcumUnits ucum;

    IndexExtractor(SearchParameterRegistry registry, UcumUnits ucum) {
        this.registry = registry;
        this.ucum = ucum;
    }

    IndexRows extract(IBaseResource resource) {
        IndexRows rows = new IndexRows();
        for (IndexedParameter p : registry.indexedParameters(resource.fhirType()).values()) {
            for (IBase value : registry.fhirPath().evaluate(resource, p.parsed(), IBase.class)) {
                switch (p.type()) {
                    case TOKEN -> addToken(p.name(), value, rows);
                    case STRING -> addString(p.name(), value, rows);
                    case DATE -> addDate(p.name(), value, rows);
                    case REFERENCE -> addReference(p.name(), value, rows);
                    case QUANTITY -> addQuantity(p.name(), value, rows);
                    case NUMBER -> addNumber(p.name(), value, rows);
                    case SPECIAL -> addPosition(p.name(), value, rows);
                    case URI -> addUri(p.name(), value, rows);
                    case COMPOSITE -> addComposite(p, value, rows);
                    default -> { }
                }
            }
        }
        return rows;
    }

    /** Lower case without accents: what the default and :contains string searches compare. */
    static String normalize(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    private static void addToken(String param, IBase value, IndexRows rows) {
        if (value instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) addCoding(param, c, rows);
            if (cc.hasText()) rows.tokens.add(new IndexRows.Token(param, null, null, normalize(cc.getText()), null, null));
        } else if (value instanceof Coding c) {
            addCoding(param, c, rows);
        } else if (value instanceof Identifier id) {
            if (id.hasValue()) {
                Coding type = id.getType().getCodingFirstRep();
                rows.tokens.add(new IndexRows.Token(param, emptyToNull(id.getSystem()), id.getValue(),
                        id.getType().hasText() ? normalize(id.getType().getText()) : null,
                        emptyToNull(type.getSystem()), emptyToNull(type.getCode())));
            }
        } else if (value instanceof ContactPoint cp) {
            if (cp.hasValue()) {
                rows.tokens.add(new IndexRows.Token(param, cp.hasSystem() ? cp.getSystem().toCode() : null, cp.getValue()));
            }
        } else if (value instanceof Enumeration<?> e) {
            if (e.hasValue()) rows.tokens.add(new IndexRows.Token(param, emptyToNull(e.getSystem()), e.getValueAsString()));
        } else if (value instanceof PrimitiveType<?> p) { // code, boolean, string, uri...
            if (p.hasValue()) rows.tokens.add(new IndexRows.Token(param, null, p.getValueAsString()));
        }
    }

    private static void addCoding(String param, Coding c, IndexRows rows) {
        if (c.hasCode()) {
            rows.tokens.add(new IndexRows.Token(param, emptyToNull(c.getSystem()), c.getCode(),
                    c.hasDisplay() ? normalize(c.getDisplay()) : null, null, null));
        }
    }

    private static void addString(String param, IBase value, IndexRows rows) {
        if (value instanceof HumanName n) {
            addText(param, n.getFamily(), rows);
            n.getGiven().forEach(g -> addText(param, g.getValue(), rows));
            n.getPrefix().forEach(g -> addText(param, g.getValue(), rows));
            n.getSuffix().forEach(g -> addText(param, g.getValue(), rows));
            addText(param, n.getText(), rows);
        } else if (value instanceof Address a) {
            a.getLine().forEach(l -> addText(param, l.getValue(), rows));
            addText(param, a.getCity(), rows);
            addText(param, a.getDistrict(), rows);
            addText(param, a.getState(), rows);
            addText(param, a.getPostalCode(), rows);
            addText(param, a.getCountry(), rows);
            addText(param, a.getText(), rows);
        } else if (value instanceof PrimitiveType<?> p && p.hasValue()) {
            addText(param, p.getValueAsString(), rows);
        }
    }

    private static void addText(String param, String text, IndexRows rows) {
        if (text == null || text.isBlank()) return;
        rows.strings.add(new IndexRows.Str(param, normalize(text), text));
    }

    private static void addDate(String param, IBase value, IndexRows rows) {
        range(param, value).ifPresent(rows.dates::add);
    }

    /** The range [low, high) a date, dateTime, instant, Period or Timing covers (an open Period end: infinity). */
    private static Optional<IndexRows.DateRange> range(String param, IBase value) {
        if (value instanceof BaseDateTimeType d) {
            return d.getValue() == null ? Optional.empty()
                    : Optional.of(new IndexRows.DateRange(param, d.getValue().toInstant(), upper(d)));
        }
        if (value instanceof Period p) {
            if (!p.hasStart() && !p.hasEnd()) return Optional.empty();
            Instant low = p.hasStart() ? p.getStartElement().getValue().toInstant() : Instant.MIN;
            Instant high = p.hasEnd() ? upper(p.getEndElement()) : Instant.MAX;
            return Optional.of(new IndexRows.DateRange(param, low, high));
        }
        if (value instanceof Timing t) {
            // The specification: "the scheduling details are ignored and only the outer limits matter". So a
            // Timing is one range, from its earliest event to its latest, widened to its bounding Period; a
            // repeat with neither has no fixed dates.
            List<IndexRows.DateRange> parts = new ArrayList<>();
            t.getEvent().forEach(event -> range(param, event).ifPresent(parts::add));
            if (t.hasRepeat() && t.getRepeat().hasBoundsPeriod()) {
                range(param, t.getRepeat().getBoundsPeriod()).ifPresent(parts::add);
            }
            if (parts.isEmpty()) return Optional.empty();
            // min and max return the elements themselves: Instant.MIN and MAX stay the identical infinities
            Instant low = parts.stream().map(IndexRows.DateRange::low).min(Comparator.naturalOrder()).orElseThrow();
            Instant high = parts.stream().map(IndexRows.DateRange::high).max(Comparator.naturalOrder()).orElseThrow();
            return Optional.of(new IndexRows.DateRange(param, low, high));
        }
        return Optional.empty();
    }

    /** The exclusive end of the range a value's precision covers: 2025-03 ends at 2025-04-01. */
    private static Instant upper(BaseDateTimeType d) {
        TemporalPrecisionEnum precision = d.getPrecision();
        return precision.add(d.getValue(), 1).toInstant();
    }

    private static void addPosition(String param, IBase value, IndexRows rows) {
        if (value instanceof org.hl7.fhir.r4.model.Location.LocationPositionComponent p && p.hasLatitude()
                && p.hasLongitude()) {
            rows.positions.add(new IndexRows.Position(param, p.getLatitude().doubleValue(), p.getLongitude().doubleValue()));
        }
    }

    /** A number is a quantity without a unit: same table, same comparisons (and precision rules for eq). */
    private static void addNumber(String param, IBase value, IndexRows rows) {
        java.math.BigDecimal number = value instanceof org.hl7.fhir.r4.model.DecimalType d ? d.getValue()
                : value instanceof org.hl7.fhir.r4.model.IntegerType i && i.getValue() != null
                        ? java.math.BigDecimal.valueOf(i.getValue()) : null;
        if (number != null) rows.quantities.add(new IndexRows.Qty(param, number, null, null, null, null, null));
    }

    private void addQuantity(String param, IBase value, IndexRows rows) {
        if (value instanceof org.hl7.fhir.r4.model.Quantity q && q.hasValue()) {
            String system = emptyToNull(q.getSystem()), code = emptyToNull(q.getCode());
            var canonical = UcumUnits.SYSTEM.equals(system) ? ucum.canonical(q.getValue(), code) : java.util.Optional.<UcumUnits.Canonical>empty();
            rows.quantities.add(new IndexRows.Qty(param, q.getValue(), system, code, emptyToNull(q.getUnit()),
                    canonical.map(UcumUnits.Canonical::value).orElse(null),
                    canonical.map(UcumUnits.Canonical::code).orElse(null)));
        } else if (value instanceof org.hl7.fhir.r4.model.Money m && m.hasValue()) {
            rows.quantities.add(new IndexRows.Qty(param, m.getValue(), "urn:iso:std:iso:4217", m.getCurrency(), null,
                    null, null));
        }
    }

    /**
     * Each pair of values one element holds: the first part's tokens crossed with the second part's values,
     * read by the same rules as the parts' own parameters.
     */
    private void addComposite(IndexedParameter p, IBase element, IndexRows rows) {
        IndexedParameter.CompositePart firstPart = p.composite().get(0), secondPart = p.composite().get(1);
        IndexRows first = new IndexRows(), second = new IndexRows();
        for (IBase v : registry.fhirPath().evaluate(element, firstPart.parsed(), IBase.class)) addToken("", v, first);
        for (IBase v : registry.fhirPath().evaluate(element, secondPart.parsed(), IBase.class)) {
            switch (secondPart.type()) {
                case TOKEN -> addToken("", v, second);
                case QUANTITY -> addQuantity("", v, second);
                case DATE -> addDate("", v, second);
                case STRING -> addString("", v, second);
                default -> { }
            }
        }
        for (IndexRows.Token t : first.tokens) {
            String n = p.name(), sys = t.system(), code = t.code();
            second.tokens.forEach(x -> rows.composites.add(new IndexRows.Composite(n, sys, code, x.system(), x.code(),
                    null, null, null, null, null, null, null, null)));
            second.quantities.forEach(q -> rows.composites.add(new IndexRows.Composite(n, sys, code, q.system(), q.code(),
                    q.value(), q.canonicalValue(), q.canonicalCode(), q.unit(), null, null, null, null)));
            second.dates.forEach(d -> rows.composites.add(new IndexRows.Composite(n, sys, code, null, null,
                    null, null, null, null, d.low(), d.high(), null, null)));
            second.strings.forEach(x -> rows.composites.add(new IndexRows.Composite(n, sys, code, null, null,
                    null, null, null, null, null, null, x.normalized(), x.exact())));
        }
    }

    private static void addUri(String param, IBase value, IndexRows rows) {
        if (value instanceof PrimitiveType<?> p && p.hasValue()) rows.uris.add(new IndexRows.Uri(param, p.getValueAsString()));
    }

    private static void addReference(String param, IBase value, IndexRows rows) {
        String ref = null;
        if (value instanceof Reference r) {
            ref = r.getReference();
        } else if (value instanceof CanonicalType || value instanceof UriType || value instanceof StringType) {
            ref = ((PrimitiveType<?>) value).getValueAsString();
        }
        if (ref == null || ref.isBlank() || ref.startsWith("#")) return;
        var local = LOCAL_REFERENCE.matcher(ref);
        if (local.matches()) {
            rows.references.add(new IndexRows.Ref(param, local.group(1), local.group(2), null));
        } else {
            rows.references.add(new IndexRows.Ref(param, null, null, ref));
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
