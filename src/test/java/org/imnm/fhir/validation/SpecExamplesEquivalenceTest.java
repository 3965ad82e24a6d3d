package org.imnm.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link ParsedResourceConverterTest} over the specification's own examples: every one the converter takes
 * must give the tree core's JSON parser builds. Needs the npm package hl7.fhir.r4.examples unpacked
 * ({@code npm pack hl7.fhir.r4.examples@4.0.1}), so it runs only when asked:
 * {@code ./mvnw test -Dtest=SpecExamplesEquivalenceTest -Dimnm.r4-examples=<its package folder>}.
 */
@EnabledIfSystemProperty(named = "imnm.r4-examples", matches = ".+")
class SpecExamplesEquivalenceTest {

    @Test
    void everyExampleTheConverterTakesGivesTheSameTree() throws Exception {
        FhirContext ctx = FhirContext.forR4Cached();
        var routes = new ParsedResourceConverterEquivalence(ctx);
        List<String> differing = new ArrayList<>();
        int converted = 0;
        int viaJson = 0;
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of(System.getProperty("imnm.r4-examples")))) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("package")
                            && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        for (Path file : files) {
            Resource resource = (Resource) ctx.newJsonParser().parseResource(Files.readString(file));
            String tree = routes.converted(resource);
            if (tree == null) {
                viaJson++;
            } else {
                converted++;
                if (!tree.equals(routes.viaJson(resource))) differing.add(file.getFileName().toString());
            }
        }
        System.out.printf("%d examples: %d converted, %d through JSON, %d differing%n", files.size(), converted,
                viaJson, differing.size());
        assertThat(converted).isGreaterThan(viaJson);
        assertThat(differing).isEmpty();
    }
}
