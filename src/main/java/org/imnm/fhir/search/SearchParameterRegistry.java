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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.SearchParameter;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * The search parameters each resource type supports, taken from the R4 definitions HAPI's FhirContext
 * carries, each with its FHIRPath expression parsed once, when first needed. Only parameter types the index
 * can answer are listed, so the CapabilityStatement and the search engine agree by construction.
 */
@Component
public class SearchParameterRegistry {

    /** Parameter types with an index table behind them. */
    private static final java.util.Set<RestSearchParameterTypeEnum> INDEXED_TYPES =
            java.util.EnumSet.of(RestSearchParameterTypeEnum.TOKEN, RestSearchParameterTypeEnum.STRING,
                    RestSearchParameterTypeEnum.DATE, RestSearchParameterTypeEnum.REFERENCE,
                    RestSearchParameterTypeEnum.QUANTITY, RestSearchParameterTypeEnum.NUMBER, RestSearchParameterTypeEnum.URI,
                    RestSearchParameterTypeEnum.COMPOSITE, RestSearchParameterTypeEnum.SPECIAL);

    static final String CUSTOM_PARAMETERS = "content/search-parameters.json";
    /** Answered from the resource table itself, not from index rows. */
    private static final Set<String> RESOURCE_COLUMN_PARAMETERS = Set.of("_id", "_lastUpdated");
    /** A shipped parameter on this base applies to every resource type. */
    private static final String ANY_TYPE = "Resource";

    private final FhirContext fhirContext;
    /** Created on first use: building it loads the R4 definitions (seconds), which start-up need not wait for. */
    private volatile IFhirPath fhirPath;
    /** Shipped in the release, keyed "Base.code". */
    private final Map<String, SearchParameter> shippedParameters;
    /** Shipped plus those created through the API (see StoredSearchParameters); replaced as a whole. */
    private volatile Map<String, SearchParameter> customParameters;
    private final Map<String, Map<String, IndexedParameter>> byType = new ConcurrentHashMap<>();

    public SearchParameterRegistry(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        this.shippedParameters = readCustomParameters(fhirContext);
        this.customParameters = shippedParameters;
    }

    /**
     * Takes the SearchParameters stored through the API (each keyed "Base.code" for every base), on top of
     * the shipped ones, and forgets the parsed parameters so they are rebuilt with them.
     */
    void useStored(Map<String, SearchParameter> stored) {
        Map<String, SearchParameter> all = new LinkedHashMap<>(shippedParameters);
        all.putAll(stored);
        customParameters = all;
        byType.clear();
    }

    /** Whether the specification (or a shipped SearchParameter) already defines {@code code} on {@code type}. */
    boolean isPredefined(String type, String code) {
        return fhirContext.getResourceDefinition(type).getSearchParam(code) != null
                || shippedParameters.containsKey(type + "." + code)
                || shippedParameters.containsKey(ANY_TYPE + "." + code);
    }

    /** Parses a FHIRPath expression, or says why it does not parse. */
    Optional<String> expressionProblem(String expression) {
        try {
            fhirPath().parse(expression);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    static boolean isIndexedType(RestSearchParameterTypeEnum type) {
        return type != null && type != RestSearchParameterTypeEnum.COMPOSITE && type != RestSearchParameterTypeEnum.SPECIAL
                && INDEXED_TYPES.contains(type);
    }

    /** Whether the FHIRPath engine has been built yet (start-up must not need it). */
    boolean fhirPathBuilt() {
        return fhirPath != null;
    }

    IFhirPath fhirPath() {
        IFhirPath engine = fhirPath;
        if (engine == null) {
            synchronized (this) {
                if (fhirPath == null) fhirPath = newFhirPath();
                engine = fhirPath;
            }
        }
        return engine;
    }

    private IFhirPath newFhirPath() {
        IFhirPath engine = fhirContext.newFhirPath();
        // resolve() in expressions such as "subject.where(resolve() is Patient)" only needs the target's
        // type, which a relative reference names: answer with an empty resource of that type.
        engine.setEvaluationContext(new IFhirPathEvaluationContext() {
            @Override
            public IBase resolveReference(IIdType reference, IBase context) {
                String type = reference.getResourceType();
                return type != null && fhirContext.getResourceTypes().contains(type)
                        ? fhirContext.getResourceDefinition(type).newInstance() : null;
            }
        });
        return engine;
    }

    /**
     * Parses every served type's parameters on a background thread as the server starts, so the first
     * CapabilityStatement and the first writes do not wait for it (a lookup meanwhile just loads its type).
     */
    public void warmUp(java.util.Collection<String> resourceTypes) {
        Thread t = new Thread(() -> resourceTypes.forEach(this::indexedParameters), "search-parameters-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Once the server is up (after the validator's warm-up, which loads the same R4 definitions), builds the
     * FHIRPath engine and parses every expression loaded, so the first write does not wait for them.
     */
    @Async
    @Order(3)
    @EventListener(ApplicationReadyEvent.class)
    public void parseExpressions() {
        for (Map<String, IndexedParameter> params : byType.values()) {
            for (IndexedParameter p : params.values()) {
                p.parsed();
                p.composite().forEach(IndexedParameter.CompositePart::parsed);
            }
        }
    }

    /** Indexed parameters of a type, keyed by name, in the order the specification lists them. */
    Map<String, IndexedParameter> indexedParameters(String resourceType) {
        return byType.computeIfAbsent(resourceType, this::load);
    }

    Optional<IndexedParameter> find(String resourceType, String name) {
        return Optional.ofNullable(indexedParameters(resourceType).get(name));
    }

    /** The parameters whose index rows hold {@code name}'s values ({@link IndexedParameter#storedUnder}). */
    List<String> storedUnder(String resourceType, String name) {
        IndexedParameter p = indexedParameters(resourceType).get(name);
        return p == null ? List.of(name) : p.storedUnder();
    }

    /** The reference parameters of {@code type} that put it in a {@code compartment} (R4 compartment definitions). */
    public List<String> compartmentParameters(String compartment, String type) {
        return fhirContext.getResourceDefinition(type).getSearchParams().stream()
                .filter(sp -> sp.getProvidesMembershipInCompartments() != null
                        && sp.getProvidesMembershipInCompartments().contains(compartment))
                .filter(sp -> sp.getParamType() == RestSearchParameterTypeEnum.REFERENCE)
                .map(RuntimeSearchParam::getName)
                .toList();
    }

    /** The resource types a reference parameter may point at (empty when unknown). */
    Set<String> targets(String resourceType, String name) {
        RuntimeSearchParam sp = fhirContext.getResourceDefinition(resourceType).getSearchParam(name);
        return sp == null ? Set.of() : sp.getTargets();
    }

    boolean isResourceType(String name) {
        return fhirContext.getResourceTypes().contains(name);
    }

    /**
     * What the CapabilityStatement advertises for a type beyond _id and _lastUpdated: the same selection
     * {@link #load} indexes, read from the definitions without parsing expressions, so /metadata does not
     * wait for the FHIRPath engine.
     */
    public Collection<ParameterDescription> searchableParameters(String resourceType) {
        RuntimeResourceDefinition def = fhirContext.getResourceDefinition(resourceType);
        java.util.List<ParameterDescription> out = new java.util.ArrayList<>();
        for (RuntimeSearchParam sp : def.getSearchParams()) {
            if (isIndexable(sp, resourceType)) {
                out.add(new ParameterDescription(sp.getName(), sp.getParamType(), sp.getUri(), sp.getDescription(),
                        sp.getTargets()));
            }
        }
        for (var custom : customParameters.entrySet()) {
            if (!appliesTo(custom.getKey(), resourceType)) continue;
            SearchParameter sp = custom.getValue();
            out.add(new ParameterDescription(sp.getCode(), RestSearchParameterTypeEnum.forCode(sp.getType().toCode()),
                    sp.getUrl(), sp.getDescription(), Set.of()));
        }
        return out;
    }

    /**
     * The parameter's paths on this type. HAPI's split drops a path that is the resource itself, which the
     * composites code-value-* use ("Observation": code and value of the same resource), so those are read
     * from the full path.
     */
    private static List<String> paths(RuntimeSearchParam sp, String resourceType) {
        if (sp.getParamType() != RestSearchParameterTypeEnum.COMPOSITE) return sp.getPathsSplitForResourceType(resourceType);
        return branches(sp.getPath()).filter(p -> p.equals(resourceType) || p.startsWith(resourceType + ".")).toList();
    }

    /**
     * The paths of a union "a | b", trimmed. A '|' inside a string literal would split too: R4's composite
     * paths have none, and a fragment cut that way is never taken for a single element.
     */
    private static java.util.stream.Stream<String> branches(String expression) {
        return java.util.Arrays.stream(expression.split("\\|")).map(String::trim);
    }

    static String combined(List<String> paths) {
        if (paths.size() == 1) return paths.get(0);
        StringBuilder sb = new StringBuilder("(").append(paths.get(0)).append(")");
        for (String p : paths.subList(1, paths.size())) sb.append(".combine(").append(p).append(")");
        return sb.toString();
    }

    private boolean isIndexable(RuntimeSearchParam sp, String resourceType) {
        return INDEXED_TYPES.contains(sp.getParamType()) && !RESOURCE_COLUMN_PARAMETERS.contains(sp.getName())
                && !paths(sp, resourceType).isEmpty()
                // the one special parameter with a meaning defined here: Location's near, over Location.position
                && (sp.getParamType() != RestSearchParameterTypeEnum.SPECIAL || NearValue.isNear(resourceType, sp.getName()))
                && (sp.getParamType() != RestSearchParameterTypeEnum.COMPOSITE
                        || CompositeParts.of(sp, fhirContext.getResourceDefinition(resourceType)).isPresent());
    }

    /** Whether a custom parameter keyed "Base.code" is one of {@code resourceType}'s. */
    private static boolean appliesTo(String key, String resourceType) {
        return key.startsWith(resourceType + ".") || key.startsWith(ANY_TYPE + ".");
    }

    /**
     * The SearchParameter resources that ship with the server (src/main/resources/content/search-parameters.json):
     * ours, and the specification's {@code _source} (Resource-source), which HAPI's R4 model leaves out. Keyed
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

    /** FHIRPath's empty collection: the expression of a parameter whose values are all stored under others. */
    static final String NOTHING = "{}";

    private Map<String, IndexedParameter> load(String resourceType) {
        RuntimeResourceDefinition def = fhirContext.getResourceDefinition(resourceType);
        Map<String, IndexedParameter> params = new LinkedHashMap<>();
        Map<RuntimeSearchParam, List<String>> pathsOf = new LinkedHashMap<>();
        for (RuntimeSearchParam sp : def.getSearchParams()) {
            if (isIndexable(sp, resourceType)) pathsOf.put(sp, paths(sp, resourceType));
        }
        for (var entry : pathsOf.entrySet()) {
            RuntimeSearchParam sp = entry.getKey();
            List<String> paths = entry.getValue();
            List<CompositeParts.Part> parts = sp.getParamType() == RestSearchParameterTypeEnum.COMPOSITE
                    ? CompositeParts.of(sp, def).orElseThrow() : List.of();
            Map<String, List<String>> covered = covered(sp, paths, parts, pathsOf, def);
            java.util.Set<String> coveredPaths = new java.util.HashSet<>();
            covered.values().forEach(coveredPaths::addAll);
            List<String> ownPaths = paths.stream().filter(p -> !coveredPaths.contains(p)).toList();
            // "a | b" removes duplicates by comparing values, and comparing two quantities needs a UCUM service
            // HAPI's FHIRPath lacks (an Observation with two component quantities failed): combine() keeps
            // them all without comparing; the index rows are deduplicated anyway. Where the covered parameters
            // hold every path ("combo-code": code and component-code), nothing is stored under this one: {}.
            String expression = ownPaths.isEmpty() ? NOTHING : combined(ownPaths);
            List<IndexedParameter.CompositePart> compositeParts = parts.stream()
                    .map(part -> new IndexedParameter.CompositePart(part.type(), deferred(part.expression()))).toList();
            List<String> storedUnder = new java.util.ArrayList<>(List.of(sp.getName()));
            storedUnder.addAll(covered.keySet());
            params.put(sp.getName(), new IndexedParameter(sp.getName(), sp.getParamType(), deferred(expression), false,
                    compositeParts, isOneRow(sp.getParamType(), def, paths), List.copyOf(storedUnder)));
        }
        for (var custom : customParameters.entrySet()) {
            if (!appliesTo(custom.getKey(), resourceType)) continue;
            SearchParameter sp = custom.getValue();
            var translates = sp.getExtensionByUrl(CodeTranslations.EXTENSION);
            var type = RestSearchParameterTypeEnum.forCode(sp.getType().toCode());
            List<String> paths = branches(sp.getExpression()).filter(p -> !isOtherTypesPath(p, resourceType)).toList();
            params.put(sp.getCode(), new IndexedParameter(sp.getCode(), type, deferred(sp.getExpression()),
                    translates != null && "true".equals(translates.getValue().primitiveValue()), List.of(),
                    isOneRow(type, def, paths), List.of(sp.getCode())));
        }
        return params;
    }

    /**
     * The specification's parameters of the same type whose paths on this resource type are all among
     * {@code sp}'s, and fewer (for a composite: with the same parts), with their paths. Only the specification's
     * own: they change only with HAPI's version (a change of paths re-indexes, {@link Reindexer}), where a
     * SearchParameter written or deleted through the API would leave the rows stored for this one wrong until
     * re-indexed. A parameter of one path covers nothing, and so has one row per resource where it had before.
     */
    private static Map<String, List<String>> covered(RuntimeSearchParam sp, List<String> paths,
            List<CompositeParts.Part> parts, Map<RuntimeSearchParam, List<String>> candidates,
            RuntimeResourceDefinition def) {
        // includes, chains and compartments read reference rows by their own parameter name
        if (paths.size() < 2 || sp.getParamType() == RestSearchParameterTypeEnum.REFERENCE) return Map.of();
        Map<String, List<String>> covered = new LinkedHashMap<>();
        candidates.forEach((other, otherPaths) -> {
            if (other == sp || other.getParamType() != sp.getParamType()) return;
            if (otherPaths.isEmpty() || otherPaths.size() >= paths.size() || !paths.containsAll(otherPaths)) return;
            if (!parts.isEmpty() && !parts.equals(CompositeParts.of(other, def).orElse(List.of()))) return;
            covered.put(other.getName(), otherPaths);
        });
        return covered;
    }

    /** "Condition.onset" in an expression shared with Observation: no values there. Any other path may have some. */
    private boolean isOtherTypesPath(String path, String resourceType) {
        String p = path.startsWith("(") ? path.substring(1).trim() : path;
        int dot = p.indexOf('.');
        String head = dot < 0 ? p : p.substring(0, dot);
        return !head.equals(resourceType) && isResourceType(head);
    }

    /** Dates only: one element gives one row (a Timing too, as its outer limits); other types may give several. */
    private static boolean isOneRow(RestSearchParameterTypeEnum type, RuntimeResourceDefinition def, List<String> paths) {
        return type == RestSearchParameterTypeEnum.DATE && SingleElementPaths.isSingle(def, paths);
    }

    private DeferredExpression deferred(String expression) {
        return new DeferredExpression(expression, this::fhirPath);
    }
}
