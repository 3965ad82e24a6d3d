package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.imnm.fhir.resource.GenericResourceProvider;
import org.imnm.fhir.resource.ResourceService;
import org.imnm.fhir.resource.ResultPages;
import org.imnm.fhir.search.SearchRequestParser;

/** ValueSet's REST interactions plus {@code $expand} and {@code $validate-code}, type and instance level. */
public class ValueSetProvider extends GenericResourceProvider {

    private final ValueSetOperations operations;

    public ValueSetProvider(ResourceService service, ResultPages pages, SearchRequestParser parser,
            ValueSetOperations operations) {
        super(ValueSet.class, "ValueSet", service, pages, parser);
        this.operations = operations;
    }

    @Operation(name = "$expand", idempotent = true)
    public ValueSet expand(@IdParam(optional = true) IdType id,
            @OperationParam(name = "url") UriType url,
            @OperationParam(name = "valueSetVersion") StringType valueSetVersion,
            @OperationParam(name = "valueSet") ValueSet valueSet,
            @OperationParam(name = "filter") StringType filter,
            @OperationParam(name = "count") IntegerType count,
            @OperationParam(name = "offset") IntegerType offset,
            @OperationParam(name = "activeOnly") BooleanType activeOnly,
            @OperationParam(name = "includeDesignations") BooleanType includeDesignations,
            @OperationParam(name = "displayLanguage") CodeType displayLanguage,
            @OperationParam(name = "excludeNested") BooleanType excludeNested) {
        ValueSet vs = target(id, url, valueSetVersion, valueSet);
        return operations.expand(vs, new ValueSetOperations.ExpandRequest(
                filter == null ? null : filter.getValue(),
                activeOnly != null && activeOnly.booleanValue(),
                count == null ? null : count.getValue(),
                offset == null || offset.getValue() == null ? 0 : offset.getValue(),
                includeDesignations != null && includeDesignations.booleanValue(),
                displayLanguage == null ? null : displayLanguage.getValue(),
                excludeNested != null && !excludeNested.booleanValue()));
    }

    @Operation(name = "$validate-code", idempotent = true)
    public Parameters validateCode(@IdParam(optional = true) IdType id,
            @OperationParam(name = "url") UriType url,
            @OperationParam(name = "valueSetVersion") StringType valueSetVersion,
            @OperationParam(name = "valueSet") ValueSet valueSet,
            @OperationParam(name = "code") CodeType code,
            @OperationParam(name = "system") UriType system,
            @OperationParam(name = "systemVersion") StringType systemVersion,
            @OperationParam(name = "display") StringType display,
            @OperationParam(name = "coding") Coding coding,
            @OperationParam(name = "codeableConcept") CodeableConcept codeableConcept) {
        ValueSet vs = target(id, url, valueSetVersion, valueSet);
        if (coding != null) {
            return operations.validateCode(vs, coding.getSystem(), coding.getCode(), coding.getDisplay(), null);
        }
        if (code != null && system == null) {
            throw new InvalidRequestException("$validate-code: a 'code' needs its 'system'");
        }
        return operations.validateCode(vs, system == null ? null : system.getValue(),
                code == null ? null : code.getValue(), display == null ? null : display.getValue(), codeableConcept);
    }

    private ValueSet target(IdType id, UriType url, StringType version, ValueSet inline) {
        if (id != null && id.hasIdPart()) return (ValueSet) service.read("ValueSet", id.getIdPart());
        if (inline != null) return inline;
        if (url == null || !url.hasValue()) {
            throw new InvalidRequestException("Name the value set: 'url', an inline 'valueSet', or call the operation on ValueSet/[id]");
        }
        String u = url.getValue();
        return version != null ? operations.resolve(u, version.getValue()) : operations.resolve(u);
    }
}
