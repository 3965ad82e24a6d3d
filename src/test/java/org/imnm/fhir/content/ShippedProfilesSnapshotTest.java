package org.imnm.fhir.content;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.imnm.fhir.validation.ProfileSnapshots;
import org.imnm.fhir.validation.ValidationSupports;
import org.junit.jupiter.api.Test;

/**
 * The shipped profiles carry the snapshots HAPI's generator makes from their differentials. After changing a
 * differential, regenerate them with {@code ./mvnw test -Dtest=ShippedProfilesSnapshotTest -Dprofiles.write=true}.
 */
class ShippedProfilesSnapshotTest {

    private static final Path SHIPPED = Path.of("src", "main", "resources", ContentLoader.PROFILES);

    @Test
    void shippedSnapshotsAreTheOnesTheDifferentialsGenerate() throws IOException {
        FhirContext ctx = FhirContext.forR4();
        ctx.setValidationSupport(ValidationSupports.baseR4(ctx));
        Bundle shipped = ctx.newJsonParser().parseResource(Bundle.class, Files.readString(SHIPPED));
        List<StructureDefinition> profiles = shipped.getEntry().stream()
                .map(e -> (StructureDefinition) e.getResource()).toList();
        List<StructureDefinition> generated = new ProfileSnapshots(ctx).withSnapshots(profiles);
        Bundle expected = new Bundle().setType(Bundle.BundleType.COLLECTION);
        generated.forEach(sd -> expected.addEntry().setResource(sd));
        String expectedJson = ctx.newJsonParser().setPrettyPrint(true).encodeResourceToString(expected) + "\n";
        if (Boolean.getBoolean("profiles.write")) Files.writeString(SHIPPED, expectedJson);
        assertThat(generated).allSatisfy(sd -> assertThat(sd.getSnapshot().getElement()).isNotEmpty());
        assertThat(Files.readString(SHIPPED)).as(SHIPPED + " is out of date; regenerate it (see this test's javadoc)")
                .isEqualTo(expectedJson);
    }
}
