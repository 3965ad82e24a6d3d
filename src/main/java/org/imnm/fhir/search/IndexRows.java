package org.imnm.fhir.search;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** Everything one resource contributes to the index tables, deduplicated. */
final class IndexRows {

    /** {@code text}: normalized display/text for :text; {@code typeSystem}/{@code typeCode}: an Identifier's type. */
    record Token(String param, String system, String code, String text, String typeSystem, String typeCode) {
        Token {
            system = IndexedText.bound(system);
            code = IndexedText.bound(code);
            text = IndexedText.bound(text);
        }

        Token(String param, String system, String code) {
            this(param, system, code, null, null, null);
        }
    }

    /** {@code exact} is kept whole: it is compared, not indexed. */
    record Str(String param, String normalized, String exact) {
        Str {
            normalized = IndexedText.bound(normalized);
        }
    }

    /** [low, high): the instants a date value covers. */
    record DateRange(String param, Instant low, Instant high) {}

    /** A quantity as written, and its UCUM canonical form when the unit is UCUM (else nulls). */
    record Qty(String param, java.math.BigDecimal value, String system, String code, String unit,
            java.math.BigDecimal canonicalValue, String canonicalCode) {}

    /** A local target (type and id) or, for one elsewhere, its absolute url. */
    record Ref(String param, String targetType, String targetId, String url) {
        Ref {
            url = IndexedText.bound(url);
        }
    }

    record Uri(String param, String value) {
        Uri {
            value = IndexedText.bound(value);
        }
    }

    /** A WGS84 position in degrees (Location.position), for near. */
    record Position(String param, double latitude, double longitude) {}

    /** One pair of a composite: a token, then the second part in the columns of its type (the rest null). */
    record Composite(String param, String system, String code, String valueSystem, String valueCode,
            java.math.BigDecimal value, java.math.BigDecimal canonicalValue, String canonicalCode, String unit,
            Instant low, Instant high, String valueNorm, String valueExact) {
        Composite {
            system = IndexedText.bound(system);
            code = IndexedText.bound(code);
        }
    }

    final Set<Token> tokens = new LinkedHashSet<>();
    final Set<Str> strings = new LinkedHashSet<>();
    final Set<DateRange> dates = new LinkedHashSet<>();
    final Set<Ref> references = new LinkedHashSet<>();
    final Set<Qty> quantities = new LinkedHashSet<>();
    final Set<Uri> uris = new LinkedHashSet<>();
    final Set<Composite> composites = new LinkedHashSet<>();
    final Set<Position> positions = new LinkedHashSet<>();
}
