package org.imnm.fhir.content;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** The resource profiles that ship with the server, by the type they constrain (for the CapabilityStatement). */
@Component
public class ShippedProfiles {

    private final Map<String, List<String>> byType;

    ShippedProfiles(FhirContext fhirContext) {
        try (InputStream in = new ClassPathResource(ContentLoader.PROFILES).getInputStream()) {
            Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, in);
            byType = bundle.getEntry().stream().map(e -> (StructureDefinition) e.getResource())
                    .filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
                    .collect(Collectors.groupingBy(StructureDefinition::getType, LinkedHashMap::new,
                            Collectors.mapping(StructureDefinition::getUrl, Collectors.toList())));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ContentLoader.PROFILES, e);
        }
    }

    public List<String> forType(String type) {
        return byType.getOrDefault(type, List.of());
    }
}
