package org.imnm.fhir.resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.IRestfulResponse;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.util.DateUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Writes read, search and history responses with each resource's stored JSON as it is, instead of parsing
 * every resource and encoding it again (three quarters of a search's CPU time). The stored JSON came from
 * HAPI's encoder, so the bytes are those HAPI would write. It applies when the response is plain JSON;
 * for XML, {@code _pretty}, {@code _summary} and {@code _elements} the resources are parsed here and HAPI
 * encodes the response as usual. The headers are HAPI's own (see {@code RestfulServerUtils
 * .streamResponseAsResource}): ETag, Last-Modified and Content-Location.
 */
@Component
@Interceptor
public class StoredJsonResponses {

    /** Bundle.entry's elements that follow {@code resource}, in the specification's order. */
    private static final Set<String> AFTER_RESOURCE = Set.of("search", "request", "response");

    private final FhirContext ctx;
    private final ResourceCodec codec;
    private final ObjectMapper json = new ObjectMapper();

    StoredJsonResponses(FhirContext ctx, ResourceCodec codec) {
        this.ctx = ctx;
        this.codec = codec;
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, ResponseDetails response) throws IOException {
        IBaseResource resource = response.getResponseResource();
        if (resource == null) return true;
        if (writesStoredJson(request)) {
            String body = ResourceCodec.storedJson(resource);
            if (body == null && resource instanceof Bundle bundle && holdsOnlyFlatStoredEntries(bundle)) {
                body = bundleJson(bundle, request);
            }
            if (body != null) {
                write(request, response, resource, body);
                return false;
            }
        }
        response.setResponseResource(parsed(resource));
        return true;
    }

    /** Plain JSON (not pretty, no _summary other than false, no _elements), which stored JSON already is. */
    private static boolean writesStoredJson(RequestDetails request) {
        if (RestfulServerUtils.determineResponseEncodingWithDefault(request).getEncoding() != EncodingEnum.JSON) {
            return false;
        }
        if (RestfulServerUtils.prettyPrintResponse(request.getServer(), request)) return false;
        Set<SummaryEnum> summary = RestfulServerUtils.determineSummaryMode(request);
        if (!summary.isEmpty() && !summary.equals(Set.of(SummaryEnum.FALSE))) return false;
        Map<String, String[]> params = request.getParameters();
        return params.keySet().stream().noneMatch(p -> p.startsWith(Constants.PARAM_ELEMENTS));
    }

    /** Stored entries directly in the Bundle, and no Bundle inside it holding more of them. */
    private static boolean holdsOnlyFlatStoredEntries(Bundle bundle) {
        boolean any = false;
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (!e.hasResource()) continue;
            if (ResourceCodec.storedJson(e.getResource()) != null) any = true;
            else if (e.getResource() instanceof Bundle inner && containsStored(inner)) return false;
        }
        return any;
    }

    private static boolean containsStored(Bundle bundle) {
        return bundle.getEntry().stream().anyMatch(e -> e.hasResource()
                && (ResourceCodec.storedJson(e.getResource()) != null
                        || e.getResource() instanceof Bundle inner && containsStored(inner)));
    }

    /**
     * HAPI encodes the Bundle without the stored resources (with the request's parser settings), then
     * each entry gets its stored JSON back in the place of {@code resource}. Null when the entries cannot
     * be matched up (HAPI leaves out an entry with nothing else in it), and HAPI then encodes it all.
     */
    private String bundleJson(Bundle bundle, RequestDetails request) throws IOException {
        List<Resource> held = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            held.add(e.getResource());
            if (e.hasResource() && ResourceCodec.storedJson(e.getResource()) != null) e.setResource(null);
        }
        String shell;
        try {
            shell = RestfulServerUtils.getNewParser(ctx, ctx.getVersion().getVersion(), request)
                    .encodeResourceToString(bundle);
        } finally {
            for (int i = 0; i < held.size(); i++) bundle.getEntry().get(i).setResource(held.get(i));
        }
        ObjectNode root = (ObjectNode) json.readTree(shell);
        JsonNode entries = root.get("entry");
        if (!(entries instanceof ArrayNode array) || array.size() != held.size()) return null;
        ArrayNode rebuilt = json.createArrayNode();
        for (int i = 0; i < held.size(); i++) {
            String stored = held.get(i) == null ? null : ResourceCodec.storedJson(held.get(i));
            rebuilt.add(stored == null ? array.get(i) : withResource((ObjectNode) array.get(i), stored));
        }
        root.set("entry", rebuilt);
        return json.writeValueAsString(root);
    }

    private ObjectNode withResource(ObjectNode entry, String stored) {
        ObjectNode out = json.createObjectNode();
        boolean placed = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!placed && AFTER_RESOURCE.contains(field.getKey())) {
                out.putRawValue("resource", new RawValue(stored));
                placed = true;
            }
            out.set(field.getKey(), field.getValue());
        }
        if (!placed) out.putRawValue("resource", new RawValue(stored));
        return out;
    }

    /** The status line and headers as HAPI's RestfulServerUtils.streamResponseAsResource sets them. */
    private static void write(RequestDetails request, ResponseDetails details, IBaseResource resource, String body)
            throws IOException {
        IRestfulResponse response = request.getResponse();
        RestOperationTypeEnum operation = request.getRestOperationType();
        IIdType id = resource.getIdElement();
        IIdType fullId = id == null ? null
                : RestfulServerUtils.fullyQualifyResourceIdOrReturnNull(request.getServer(), resource,
                        request.getFhirServerBase(), id);
        boolean contentLocation = operation != RestOperationTypeEnum.SEARCH_TYPE
                && operation != RestOperationTypeEnum.SEARCH_SYSTEM;
        if (contentLocation && fullId != null) {
            if (request.getRequestType() == RequestTypeEnum.POST) {
                response.addHeader(Constants.HEADER_LOCATION, fullId.getValue());
            }
            response.addHeader(Constants.HEADER_CONTENT_LOCATION, fullId.getValue());
        }
        if (request.getServer().getETagSupport() == ETagSupportEnum.ENABLED
                && (operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD)
                && resource.getMeta().getVersionId() != null) {
            response.addHeader(Constants.HEADER_ETAG, RestfulServerUtils.createEtag(resource.getMeta().getVersionId()));
        }
        if (resource.getMeta().getLastUpdated() != null) {
            response.addHeader(Constants.HEADER_LAST_MODIFIED, DateUtils.formatDate(resource.getMeta().getLastUpdated()));
        }
        String contentType = RestfulServerUtils.determineResponseEncodingWithDefault(request).getResourceContentType();
        Writer writer = response.getResponseWriter(details.getResponseCode(), contentType, Constants.CHARSET_NAME_UTF8,
                request.isRespondGzip());
        writer.write(body);
        response.commitResponse(writer);
    }

    /** The response with every stored resource parsed, for HAPI's encoder. */
    private IBaseResource parsed(IBaseResource resource) {
        if (ResourceCodec.storedJson(resource) != null) return codec.parse(resource);
        if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                if (e.hasResource()) e.setResource((Resource) parsed(e.getResource()));
            }
        }
        return resource;
    }
}
