package org.imnm.fhir.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** The resource profiles that ship with the server, by the type they constrain (for the CapabilityStatement). */
@Component
public class ShippedProfiles {

    private final Map<String, List<String>> byType;

    /** Read as plain JSON: only kind, type and url are needed, not HAPI's model of a large file (start-up). */
    ShippedProfiles() {
        try (InputStream in = new ClassPathResource(ContentLoader.PROFILES).getInputStream()) {
            JsonNode bundle = new ObjectMapper().readTree(in);
            byType = new LinkedHashMap<>();
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode sd = entry.path("resource");
                if (!"resource".equals(sd.path("kind").asText())) continue;
                byType.computeIfAbsent(sd.path("type").asText(), k -> new java.util.ArrayList<>()).add(sd.path("url").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ContentLoader.PROFILES, e);
        }
    }

    public List<String> forType(String type) {
        return byType.getOrDefault(type, List.of());
    }
}
