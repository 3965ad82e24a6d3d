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

/**
 * Turns resources into the stored JSON and back. Responses get {@link #unparsed} resources: the stored JSON
 * was written by HAPI's encoder, so {@link StoredJsonResponses} can send it as it is instead of parsing and
 * re-encoding every resource of every page.
 */
@Component
public class ResourceCodec {

    private static final String STORED_JSON = ResourceCodec.class.getName() + ".storedJson";

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

    /**
     * The resource of a stored version with only its id and meta (version, last updated) filled in; the
     * content stays as the stored JSON, to be sent as it is or {@link #parse parsed} when a response needs
     * HAPI's encoder (XML, _summary, _elements, _pretty). A delete has no content and is returned decoded.
     */
    public IBaseResource unparsed(StoredVersion v) {
        if (v.isDeleted()) return decode(v);
        IBaseResource resource = fhirContext.getResourceDefinition(v.type()).newInstance();
        resource.getMeta().setLastUpdated(Date.from(v.lastUpdated()));
        resource.getMeta().setVersionId(Long.toString(v.version()));
        resource.setId(new IdType(v.type(), v.id(), Long.toString(v.version())));
        ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resource, methodOf(v));
        resource.setUserData(STORED_JSON, v.body());
        return resource;
    }

    /** The stored JSON of an {@link #unparsed} resource; null for any other resource. */
    static String storedJson(IBaseResource resource) {
        return (String) resource.getUserData(STORED_JSON);
    }

    /** The full resource for an {@link #unparsed} one, with the same metadata (search mode, method). */
    IBaseResource parse(IBaseResource unparsed) {
        IBaseResource full = fhirContext.newJsonParser().parseResource(storedJson(unparsed));
        full.setId(unparsed.getIdElement());
        for (ResourceMetadataKeyEnum<?> key : new ResourceMetadataKeyEnum<?>[] {
                ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE, ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD}) {
            Object value = unparsed.getUserData(key.name());
            if (value != null) full.setUserData(key.name(), value);
        }
        return full;
    }

    private static BundleEntryTransactionMethodEnum methodOf(StoredVersion v) {
        return switch (v.method()) {
            case "DELETE" -> BundleEntryTransactionMethodEnum.DELETE;
            case "PUT" -> BundleEntryTransactionMethodEnum.PUT;
            default -> BundleEntryTransactionMethodEnum.POST;
        };
    }
}
