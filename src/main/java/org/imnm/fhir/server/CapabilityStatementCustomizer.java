package org.imnm.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.imnm.fhir.content.ShippedProfiles;
import org.imnm.fhir.resource.ServedResourceTypes;
import org.imnm.fhir.search.ParameterDescription;
import org.imnm.fhir.search.SearchParameterRegistry;
import org.springframework.stereotype.Component;

/**
 * Adds to HAPI's generated CapabilityStatement what annotations cannot say: the search parameters the
 * index answers for each type (from the same registry the search engine uses) and our software name.
 */
@Component
@Interceptor
class CapabilityStatementCustomizer {

    private final SearchParameterRegistry registry;
    private final ShippedProfiles profiles;

    CapabilityStatementCustomizer(SearchParameterRegistry registry, ShippedProfiles profiles) {
        this.registry = registry;
        this.profiles = profiles;
    }

    /** _include: this type's reference parameters; _revinclude: served types' parameters that can point here. */
    private void addIncludes(CapabilityStatement.CapabilityStatementRestResourceComponent res) {
        Set<String> includes = new java.util.LinkedHashSet<>(List.of("*"));
        registry.searchableParameters(res.getType()).stream()
                .filter(sp -> sp.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.REFERENCE)
                .forEach(sp -> includes.add(res.getType() + ":" + sp.name()));
        Set<String> revIncludes = new java.util.LinkedHashSet<>();
        for (String source : ServedResourceTypes.NAMES) {
            registry.searchableParameters(source).stream()
                    .filter(sp -> sp.type() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.REFERENCE)
                    .filter(sp -> sp.targets().isEmpty() || sp.targets().contains(res.getType()))
                    .forEach(sp -> revIncludes.add(source + ":" + sp.name()));
        }
        res.getSearchInclude().forEach(x -> includes.remove(x.getValue()));
        res.getSearchRevInclude().forEach(x -> revIncludes.remove(x.getValue()));
        includes.forEach(res::addSearchInclude);
        revIncludes.forEach(res::addSearchRevInclude);
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void customize(IBaseConformance conformance) {
        CapabilityStatement cs = (CapabilityStatement) conformance;
        cs.getSoftware().setName("imnm-fhir");
        cs.setPublisher("imnm-fhir");
        cs.getImplementation().setDescription("FHIR R4 server for Immune-Mediated Necrotizing Myopathy");
        for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
            // The @Transaction method answers batch Bundles too; HAPI only advertises "transaction".
            boolean hasBatch = rest.getInteraction().stream()
                    .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH);
            if (!hasBatch) rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
            for (CapabilityStatement.CapabilityStatementRestResourceComponent res : rest.getResource()) {
                Set<String> listed = res.getSearchParam().stream()
                        .map(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                        .collect(Collectors.toSet());
                if (!listed.contains("_id")) {
                    res.addSearchParam().setName("_id").setType(Enumerations.SearchParamType.TOKEN)
                            .setDefinition("http://hl7.org/fhir/SearchParameter/Resource-id")
                            .setDocumentation("Logical id of the resource");
                    res.addSearchParam().setName("_lastUpdated").setType(Enumerations.SearchParamType.DATE)
                            .setDefinition("http://hl7.org/fhir/SearchParameter/Resource-lastUpdated")
                            .setDocumentation("When the resource version last changed");
                }
                addIncludes(res);
                profiles.forType(res.getType()).forEach(res::addSupportedProfile);
                for (ParameterDescription sp : registry.searchableParameters(res.getType())) {
                    if (listed.contains(sp.name())) continue;
                    res.addSearchParam()
                            .setName(sp.name())
                            .setDefinition(sp.definition())
                            .setType(Enumerations.SearchParamType.fromCode(sp.type().getCode()))
                            .setDocumentation(sp.description());
                }
            }
        }
    }
}
