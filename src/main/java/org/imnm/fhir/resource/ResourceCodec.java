package org.imnm.fhir.resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.imnm.fhir.store.StoredVersion;
import org.springframework.stereotype.Component;

/** Turns resources into the stored JSON and back. */
@Component
public class ResourceCodec {

    private final FhirContext fhirContext;

    public ResourceCodec(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    public String encode(IBaseResource resource) {
        return fhirContext.newJsonParser().encodeResourceToString(resource);
    }

    /** The resource a stored version holds; a delete becomes an empty resource flagged as deleted. */
    public IBaseResource decode(StoredVersion v) {
        IBaseResource resource;
        if (v.isDeleted()) {
            resource = fhirContext.getResourceDefinition(v.type()).newInstance();
            resource.getMeta().setLastUpdated(Date.from(v.lastUpdated()));
            resource.getMeta().setVersionId(Long.toString(v.version()));
            ResourceMetadataKeyEnum.DELETED_AT.put(resource, new InstantType(Date.from(v.lastUpdated())));
        } else {
            resource = fhirContext.newJsonParser().parseResource(v.body());
        }
        resource.setId(new IdType(v.type(), v.id(), Long.toString(v.version())));
        ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resource, methodOf(v));
        return resource;
    }

    private static BundleEntryTransactionMethodEnum methodOf(StoredVersion v) {
        return switch (v.method()) {
            case "DELETE" -> BundleEntryTransactionMethodEnum.DELETE;
            case "PUT" -> BundleEntryTransactionMethodEnum.PUT;
            default -> BundleEntryTransactionMethodEnum.POST;
        };
    }
}
