package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.Optional;
import org.imnm.fhir.resource.ResourceService;
import org.imnm.fhir.resource.ResultPages;
import org.imnm.fhir.search.SearchRequestParser;
import org.springframework.stereotype.Component;

/** The providers of the terminology types: the generic interactions plus each type's operations. */
@Component
public class TerminologyProviders {

    private final CodeSystemOperations codeSystems;
    private final ValueSetOperations valueSets;
    private final ConceptMapTranslator translator;
    private final ConceptStore concepts;

    TerminologyProviders(CodeSystemOperations codeSystems, ValueSetOperations valueSets, ConceptMapTranslator translator,
            ConceptStore concepts) {
        this.codeSystems = codeSystems;
        this.valueSets = valueSets;
        this.translator = translator;
        this.concepts = concepts;
    }

    public Optional<IResourceProvider> providerFor(String type, ResourceService service, ResultPages pages,
            SearchRequestParser parser) {
        return Optional.ofNullable(switch (type) {
            case "CodeSystem" -> new CodeSystemProvider(service, pages, parser, codeSystems);
            case "ValueSet" -> new ValueSetProvider(service, pages, parser, valueSets);
            case "ConceptMap" -> new ConceptMapProvider(service, pages, parser, translator, concepts);
            default -> null;
        });
    }
}
