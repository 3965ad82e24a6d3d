package org.imnm.fhir.bundle;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Reference;
import org.imnm.fhir.resource.ServedResourceTypes;

/** One Bundle entry's request, checked, plus what processing decides for it (its id, an existing match). */
final class EntryRequest {

    private final int index;
    private final HTTPVerb method;
    private final String url;
    private final String type;
    private final String fullUrl;
    private final IBaseResource resource;
    private final String ifNoneExist;
    private final String ifMatch;
    private String assignedId;
    private String existingId;
    private List<Reference> references = List.of();

    private EntryRequest(int index, BundleEntryComponent entry) {
        this.index = index;
        if (!entry.hasRequest() || !entry.getRequest().hasMethod() || !entry.getRequest().hasUrl()) {
            throw new InvalidRequestException("Bundle.entry[" + index + "] has no request with a method and url");
        }
        this.method = entry.getRequest().getMethod();
        String u = entry.getRequest().getUrl();
        this.url = u.startsWith("/") ? u.substring(1) : u;
        this.type = url.split("[/?]", 2)[0];
        if (!ServedResourceTypes.isServed(type)) {
            throw new ResourceNotFoundException("Bundle.entry[" + index + "]: resource type '" + type
                    + "' is not served here");
        }
        if (ServedResourceTypes.isReadOnly(type) && method != HTTPVerb.GET) {
            throw new ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException("Bundle.entry[" + index + "]: "
                    + type + " is read-only here (the profiles ship with the server)");
        }
        this.fullUrl = entry.hasFullUrl() ? entry.getFullUrl() : null;
        this.resource = entry.getResource();
        // HAPI's parser copies a urn:uuid fullUrl into the resource's id: a placeholder, not an id.
        if (resource != null && resource.getIdElement().getValue() != null
                && resource.getIdElement().getValue().startsWith("urn:")) {
            resource.setId((String) null);
        }
        this.ifNoneExist = entry.getRequest().hasIfNoneExist() ? entry.getRequest().getIfNoneExist() : null;
        this.ifMatch = entry.getRequest().hasIfMatch()
                ? entry.getRequest().getIfMatch().replace("W/", "").replace("\"", "") : null;
        if ((method == HTTPVerb.POST || method == HTTPVerb.PUT) && resource == null) {
            throw new InvalidRequestException("Bundle.entry[" + index + "] (" + describe() + ") has no resource");
        }
        if (resource != null && (method == HTTPVerb.POST || method == HTTPVerb.PUT)
                && !resource.fhirType().equals(type)) {
            throw new InvalidRequestException("Bundle.entry[" + index + "]: a " + resource.fhirType()
                    + " cannot be sent to '" + url + "'");
        }
        if (method == HTTPVerb.PUT && !isConditional() && urlId() == null) {
            throw new InvalidRequestException("Bundle.entry[" + index + "]: PUT needs a url of the form Type/id");
        }
    }

    /** The references in the entry's resource, as it was read. */
    List<Reference> references() {
        return references;
    }

    void setReferences(List<Reference> references) {
        this.references = references;
    }

    static EntryRequest of(int index, BundleEntryComponent entry) {
        return new EntryRequest(index, entry);
    }

    /** The specification's processing order: DELETE, POST, PUT/PATCH, GET/HEAD. */
    int order() {
        return switch (method) {
            case DELETE -> 0;
            case POST -> 1;
            case PUT, PATCH -> 2;
            default -> 3;
        };
    }

    boolean isConditional() {
        return url.contains("?");
    }

    /** The id in a "Type/id" or "Type/id/_history/v" url, or null. */
    String urlId() {
        String[] parts = url.split("\\?", 2)[0].split("/");
        return parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : null;
    }

    String describe() {
        return method.toCode() + " " + url;
    }

    int index() { return index; }
    HTTPVerb method() { return method; }
    String url() { return url; }
    String type() { return type; }
    String fullUrl() { return fullUrl; }
    IBaseResource resource() { return resource; }
    String ifNoneExist() { return ifNoneExist; }
    String ifMatch() { return ifMatch; }
    String assignedId() { return assignedId; }
    String existingId() { return existingId; }

    void assignId(String id) { this.assignedId = id; }
    void markExisting(String id) { this.existingId = id; }
}
