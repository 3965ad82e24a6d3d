package org.imnm.fhir.resource;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.imnm.fhir.search.SearchRequestParser;

/**
 * The generic provider for Patient, plus compartment search ({@code Patient/123/Observation}). HAPI routes
 * a compartment search to a method naming the compartment's type in its annotation, hence one short
 * method per served type in the Patient compartment; the search itself is the generic one.
 */
public class PatientResourceProvider extends GenericResourceProvider {

    public PatientResourceProvider(Class<? extends IBaseResource> resourceType, ResourceService service,
            ResultPages pages, SearchRequestParser searchParser) {
        super(resourceType, "Patient", service, pages, searchParser);
    }

    @Search(compartmentName = "Observation", allowUnknownParams = true)
    public IBundleProvider observations(@IdParam IdType patient, RequestDetails request) {
        return inCompartment("Observation", patient, request);
    }

    @Search(compartmentName = "Condition", allowUnknownParams = true)
    public IBundleProvider conditions(@IdParam IdType patient, RequestDetails request) {
        return inCompartment("Condition", patient, request);
    }

    @Search(compartmentName = "MedicationStatement", allowUnknownParams = true)
    public IBundleProvider medicationStatements(@IdParam IdType patient, RequestDetails request) {
        return inCompartment("MedicationStatement", patient, request);
    }

    @Search(compartmentName = "ResearchSubject", allowUnknownParams = true)
    public IBundleProvider researchSubjects(@IdParam IdType patient, RequestDetails request) {
        return inCompartment("ResearchSubject", patient, request);
    }

    private IBundleProvider inCompartment(String type, IdType patient, RequestDetails request) {
        Map<String, String[]> params = new HashMap<>(request.getParameters());
        params.put(SearchRequestParser.COMPARTMENT, new String[] {"Patient/" + patient.getIdPart()});
        return pages.search(SelfLinkOfPerformedSearch.remember(request,
                searchParser.parse(type, params, isStrict(request), request.getFhirServerBase())));
    }
}
