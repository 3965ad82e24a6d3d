package org.imnm.fhir.resource;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.ValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imnm.fhir.search.SearchRequestParser;

/**
 * The REST interactions for one resource type: the reads of {@link ReadOnlyResourceProvider} plus create,
 * update and delete. One class serves every writable type (an instance per type, since HAPI routes by
 * resource type); it only reads the request and delegates.
 */
public class GenericResourceProvider extends ReadOnlyResourceProvider {

    public GenericResourceProvider(Class<? extends IBaseResource> resourceType, String typeName,
            ResourceService service, ResultPages pages, SearchRequestParser searchParser) {
        super(resourceType, typeName, service, pages, searchParser);
    }

    @Create
    public MethodOutcome create(@ResourceParam IBaseResource resource, @ConditionalUrlParam String ifNoneExist) {
        return toMethodOutcome(service.create(resource, ifNoneExist));
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam IBaseResource resource,
            @ConditionalUrlParam String conditionalUrl) {
        if (conditionalUrl != null) {
            return toMethodOutcome(service.conditionalUpdate(typeName, conditionalUrl, resource));
        }
        return toMethodOutcome(service.update(typeName, id.getIdPart(), resource, id.getVersionIdPart()));
    }

    /**
     * {@code $validate} at type and instance level: the resource (body, or the Parameters' resource) is
     * checked as a write would check it, and also against {@code profile} when given. Answered 200 with the
     * OperationOutcome whether or not the resource is valid, as the specification says; nothing is stored.
     */
    @Validate
    public MethodOutcome validate(@ResourceParam IBaseResource resource, @IdParam(optional = true) IdType id,
            @Validate.Mode ValidationModeEnum mode, @Validate.Profile String profile) {
        ValidationModeEnum m = mode == null ? ValidationModeEnum.CREATE : mode;
        if (m == ValidationModeEnum.DELETE) {
            if (id == null || !id.hasIdPart()) throw new InvalidRequestException("mode=delete needs the instance: [type]/[id]/$validate");
            service.read(typeName, id.getIdPart()); // 404/410 when there is nothing to delete
            return outcome(new OperationOutcome().addIssue(new OperationOutcome.OperationOutcomeIssueComponent()
                    .setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics(typeName + "/" + id.getIdPart() + " can be deleted")));
        }
        if (resource == null) throw new InvalidRequestException("$validate needs the resource to check");
        if (m == ValidationModeEnum.UPDATE) {
            String bodyId = resource.getIdElement().getIdPart();
            String target = id != null && id.hasIdPart() ? id.getIdPart() : bodyId;
            if (bodyId == null || !bodyId.equals(target)) {
                throw new InvalidRequestException("mode=update: the resource's id must be the id it would update");
            }
        }
        return outcome(service.check(resource, profile));
    }

    private static MethodOutcome outcome(OperationOutcome oo) {
        MethodOutcome mo = new MethodOutcome();
        mo.setOperationOutcome(oo);
        return mo;
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id, @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
        if (conditionalUrl == null && (id == null || !id.hasIdPart())) {
            // HAPI routes "DELETE [type]" (and "DELETE [type]?" with no criteria) here with neither.
            throw new InvalidRequestException("DELETE needs a resource id (" + typeName + "/[id]) or search criteria ("
                    + typeName + "?[criteria]); a whole type is not deleted");
        }
        WriteOutcome outcome = conditionalUrl != null
                ? service.conditionalDelete(typeName, conditionalUrl)
                : service.delete(typeName, id.getIdPart(), ifMatchVersion(request));
        return toMethodOutcome(outcome);
    }

    private static String ifMatchVersion(RequestDetails request) {
        String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
        if (ifMatch == null || ifMatch.isBlank()) return null;
        String v = ifMatch.trim();
        if (v.startsWith("W/")) v = v.substring(2);
        return v.replace("\"", "");
    }

    private MethodOutcome toMethodOutcome(WriteOutcome outcome) {
        MethodOutcome mo = new MethodOutcome();
        if (outcome.id() != null) mo.setId(outcome.id());
        mo.setResource(outcome.resource());
        mo.setCreated(outcome.created());
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics(outcome.changedNothing() ? outcome.message() : describe(outcome));
        mo.setOperationOutcome(oo);
        return mo;
    }

    private static String describe(WriteOutcome outcome) {
        String what = outcome.resource() == null ? "Deleted" : outcome.created() ? "Created" : "Updated";
        return what + " " + outcome.id().getValue();
    }
}
