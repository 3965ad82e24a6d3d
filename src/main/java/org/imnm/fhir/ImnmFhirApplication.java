package org.imnm.fhir;

import org.imnm.fhir.database.EmbeddedPostgresStarter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The imnm-fhir server: a FHIR R4 REST API over PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ImnmFhirApplication {
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ImnmFhirApplication.class);
        app.addListeners(new EmbeddedPostgresStarter());
        StopSignals.closeFirst(app.run(args));
    }
}
