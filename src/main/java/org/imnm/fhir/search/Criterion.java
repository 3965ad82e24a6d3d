package org.imnm.fhir.search;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;

/**
 * One search parameter occurrence: its values are ORed; several criteria on a request are ANDed.
 * {@code type} is the parameter's type (null for _id and _lastUpdated, which live on the resource row).
 * A chained or reverse-chained criterion carries a {@link Link} to a criterion on another type. A composite
 * criterion's values are "token$value"; {@code secondType} is the type of the part after the '$'.
 */
record Criterion(String param, RestSearchParameterTypeEnum type, String modifier, List<String> values, Link link,
        RestSearchParameterTypeEnum secondType, List<String> storedUnder) {

    /**
     * CHAIN: this type's reference parameter {@code via} points at an {@code other} resource matching
     * {@code inner}. HAS: an {@code other} resource whose reference parameter {@code via} points here matches it.
     * ANY_CHAIN: a chain that names no type ("subject.identifier") through a parameter that can point at several;
     * it matches when any of its {@code alternatives}, one CHAIN per target type that has the inner parameter,
     * does, and {@code inner} is the first one's (they share name and values).
     */
    record Link(Kind kind, String via, String other, Criterion inner, List<Link> alternatives) {
        enum Kind { CHAIN, ANY_CHAIN, HAS, COMPARTMENT }

        Link(Kind kind, String via, String other, Criterion inner) {
            this(kind, via, other, inner, List.of());
        }

        static Link anyOf(String via, List<Link> chains) {
            return new Link(Kind.ANY_CHAIN, via, null, chains.get(0).inner(), List.copyOf(chains));
        }
    }

    Criterion(String param, RestSearchParameterTypeEnum type, String modifier, List<String> values) {
        this(param, type, modifier, values, null, null);
    }

    /** A criterion on a parameter whose rows are stored under its own name only. */
    Criterion(String param, RestSearchParameterTypeEnum type, String modifier, List<String> values, Link link,
            RestSearchParameterTypeEnum secondType) {
        this(param, type, modifier, values, link, secondType, List.of(param));
    }

    Criterion(String param, RestSearchParameterTypeEnum type, String modifier, List<String> values, Link link) {
        this(param, type, modifier, values, link, null);
    }

    String key() {
        if (link != null && link.kind() == Link.Kind.COMPARTMENT) return param;
        if (link != null && link.kind() == Link.Kind.CHAIN) return param + ":" + link.other() + "." + link.inner().key();
        if (link != null && link.kind() == Link.Kind.ANY_CHAIN) return param + "." + link.inner().key();
        if (link != null) return "_has:" + link.other() + ":" + link.via() + ":" + link.inner().key();
        return modifier == null ? param : param + ":" + modifier;
    }

    public List<String> values() {
        return link != null && link.inner() != null ? link.inner().values() : values;
    }
}
