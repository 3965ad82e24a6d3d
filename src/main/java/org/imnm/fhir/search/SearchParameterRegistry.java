package org.imnm.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IIdType;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.SearchParameter;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The search parameters each resource type supports, taken from the R4 definitions HAPI's FhirContext
 * carries, each with its FHIRPath expression parsed once. Only parameter types the index can answer are
 * listed, so the CapabilityStatement and the search engine agree by construction.
 */
@Component
public class SearchParameterRegistry {

    /** Parameter types with an index table behind them. */
    private static final java.util.Set<RestSearchParameterTypeEnum> INDEXED_TYPES =
            java.util.EnumSet.of(RestSearchParameterTypeEnum.TOKEN, RestSearchParameterTypeEnum.STRING,
                    RestSearchParameterTypeEnum.DATE, RestSearchParameterTypeEnum.REFERENCE,
                    RestSearchParameterTypeEnum.QUANTITY);

    static final String CUSTOM_PARAMETERS = "content/search-parameters.json";

    private final FhirContext fhirContext;
    private final IFhirPath fhirPath;
    private final Map<String, SearchParameter> customParameters;
    private final Map<String, Map<String, IndexedParameter>> byType = new ConcurrentHashMap<>();

    public SearchParameterRegistry(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        this.fhirPath = fhirContext.newFhirPath();
        this.customParameters = readCustomParameters(fhirContext);
        // resolve() in expressions such as "subject.where(resolve() is Patient)" only needs the target's
        // type, which a relative reference names: answer with an empty resource of that type.
        this.fhirPath.setEvaluationContext(new IFhirPathEvaluationContext() {
            @Override
            public IBase resolveReference(IIdType reference, IBase context) {
                String type = reference.getResourceType();
                return type != null && fhirContext.getResourceTypes().contains(type)
                        ? fhirContext.getResourceDefinition(type).newInstance() : null;
            }
        });
    }

    IFhirPath fhirPath() {
        return fhirPath;
    }

    /** Indexed parameters of a type, keyed by name, in the order the specification lists them. */
    Map<String, IndexedParameter> indexedParameters(String resourceType) {
        return byType.computeIfAbsent(resourceType, this::load);
    }

    Optional<IndexedParameter> find(String resourceType, String name) {
        return Optional.ofNullable(indexedParameters(resourceType).get(name));
    }

    boolean isResourceType(String name) {
        return fhirContext.getResourceTypes().contains(name);
    }

    /** What the CapabilityStatement advertises for a type beyond _id and _lastUpdated. */
    public Collection<ParameterDescription> searchableParameters(String resourceType) {
        RuntimeResourceDefinition def = fhirContext.getResourceDefinition(resourceType);
        return indexedParameters(resourceType).values().stream().map(p -> {
            RuntimeSearchParam sp = def.getSearchParam(p.name());
            if (sp != null) {
                return new ParameterDescription(p.name(), p.type(), sp.getUri(), sp.getDescription(), sp.getTargets());
            }
            SearchParameter custom = customParameters.get(resourceType + "." + p.name());
            return new ParameterDescription(p.name(), p.type(), custom.getUrl(), custom.getDescription(), Set.of());
        }).toList();
    }

    /**
     * Our own SearchParameter resources (src/main/resources/content/search-parameters.json), keyed
     * "Base.code". They are indexed and searched exactly like the specification's.
     */
    private static Map<String, SearchParameter> readCustomParameters(FhirContext ctx) {
        Map<String, SearchParameter> byKey = new LinkedHashMap<>();
        try (var in = new org.springframework.core.io.ClassPathResource(CUSTOM_PARAMETERS).getInputStream()) {
            Bundle bundle = ctx.newJsonParser().parseResource(Bundle.class, in);
            for (var entry : bundle.getEntry()) {
                SearchParameter sp = (SearchParameter) entry.getResource();
                sp.getBase().forEach(base -> byKey.put(base.getValue() + "." + sp.getCode(), sp));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + CUSTOM_PARAMETERS, e);
        }
        return byKey;
    }

    private Map<String, IndexedParameter> load(String resourceType) {
        RuntimeResourceDefinition def = fhirContext.getResourceDefinition(resourceType);
        Map<String, IndexedParameter> params = new LinkedHashMap<>();
        for (RuntimeSearchParam sp : def.getSearchParams()) {
            if (!INDEXED_TYPES.contains(sp.getParamType()) || sp.getName().startsWith("_")) continue;
            var paths = sp.getPathsSplitForResourceType(resourceType);
            if (paths.isEmpty()) continue;
            String expression = String.join(" | ", paths);
            try {
                params.put(sp.getName(), new IndexedParameter(
                        sp.getName(), sp.getParamType(), expression, fhirPath.parse(expression)));
            } catch (Exception e) {
                // An expression the engine cannot parse is left out rather than half-supported.
                org.slf4j.LoggerFactory.getLogger(SearchParameterRegistry.class)
                        .warn("Search parameter {}.{} not indexed: {}", resourceType, sp.getName(), e.getMessage());
            }
        }
        for (var custom : customParameters.entrySet()) {
            if (!custom.getKey().startsWith(resourceType + ".")) continue;
            SearchParameter sp = custom.getValue();
            try {
                params.put(sp.getCode(), new IndexedParameter(sp.getCode(),
                        RestSearchParameterTypeEnum.forCode(sp.getType().toCode()), sp.getExpression(),
                        fhirPath.parse(sp.getExpression())));
            } catch (Exception e) {
                throw new IllegalStateException("SearchParameter " + sp.getUrl() + " has an invalid expression", e);
            }
        }
        return params;
    }
}
