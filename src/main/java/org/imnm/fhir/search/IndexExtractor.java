package org.imnm.fhir.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.springframework.stereotype.Component;

/** Turns a resource into index rows by evaluating each parameter's FHIRPath expression. */
@Component
class IndexExtractor {

    private final SearchParameterRegistry registry;

    IndexExtractor(SearchParameterRegistry registry) {
        this.registry = registry;
    }

    List<TokenRow> tokens(IBaseResource resource) {
        String type = resource.fhirType();
        Set<TokenRow> rows = new LinkedHashSet<>();
        for (IndexedParameter p : registry.indexedParameters(type).values()) {
            for (IBase value : registry.fhirPath().evaluate(resource, p.parsed(), IBase.class)) {
                addTokens(p.name(), value, rows);
            }
        }
        return new ArrayList<>(rows);
    }

    private static void addTokens(String param, IBase value, Set<TokenRow> rows) {
        if (value instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) addCoding(param, c, rows);
        } else if (value instanceof Coding c) {
            addCoding(param, c, rows);
        } else if (value instanceof Identifier id) {
            if (id.hasValue()) rows.add(new TokenRow(param, emptyToNull(id.getSystem()), id.getValue()));
        } else if (value instanceof ContactPoint cp) {
            if (cp.hasValue()) rows.add(new TokenRow(param, cp.hasSystem() ? cp.getSystem().toCode() : null, cp.getValue()));
        } else if (value instanceof Enumeration<?> e) {
            if (e.hasValue()) rows.add(new TokenRow(param, emptyToNull(e.getSystem()), e.getValueAsString()));
        } else if (value instanceof BooleanType b) {
            if (b.hasValue()) rows.add(new TokenRow(param, null, b.getValueAsString()));
        } else if (value instanceof PrimitiveType<?> p) {
            if (p.hasValue()) rows.add(new TokenRow(param, null, p.getValueAsString()));
        }
    }

    private static void addCoding(String param, Coding c, Set<TokenRow> rows) {
        if (c.hasCode()) rows.add(new TokenRow(param, emptyToNull(c.getSystem()), c.getCode()));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
