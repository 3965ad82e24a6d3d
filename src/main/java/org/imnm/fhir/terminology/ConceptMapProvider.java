package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.imnm.fhir.resource.GenericResourceProvider;
import org.imnm.fhir.resource.ResourceService;
import org.imnm.fhir.resource.ResultPages;
import org.imnm.fhir.search.SearchRequestParser;

/** ConceptMap's REST interactions plus {@code $translate}, type and instance level. */
public class ConceptMapProvider extends GenericResourceProvider {

    private final ConceptMapTranslator translator;
    private final ConceptStore concepts;

    public ConceptMapProvider(ResourceService service, ResultPages pages, SearchRequestParser parser,
            ConceptMapTranslator translator, ConceptStore concepts) {
        super(ConceptMap.class, "ConceptMap", service, pages, parser);
        this.translator = translator;
        this.concepts = concepts;
    }

    @Operation(name = "$translate", idempotent = true)
    public Parameters translate(@IdParam(optional = true) IdType id,
            @OperationParam(name = "url") UriType url,
            @OperationParam(name = "conceptMapVersion") StringType conceptMapVersion,
            @OperationParam(name = "code") CodeType code,
            @OperationParam(name = "system") UriType system,
            @OperationParam(name = "coding") Coding coding,
            @OperationParam(name = "codeableConcept") CodeableConcept codeableConcept,
            @OperationParam(name = "targetsystem") UriType targetSystem,
            @OperationParam(name = "reverse") BooleanType reverse) {
        Long mapPid = null;
        if (id != null && id.hasIdPart()) {
            mapPid = concepts.byResourceId("ConceptMap", id.getIdPart())
                    .orElseThrow(() -> new ResourceNotFoundException("ConceptMap/" + id.getIdPart() + " is not a stored ConceptMap with a url"))
                    .pid();
        } else if (url != null && url.hasValue()) {
            String v = conceptMapVersion == null ? null : conceptMapVersion.getValue();
            mapPid = concepts.resolve("ConceptMap", url.getValue(), v)
                    .orElseThrow(() -> new ResourceNotFoundException("No ConceptMap with url '" + url.getValue() + "'"))
                    .pid();
        }
        List<Coding> codings = new ArrayList<>();
        if (codeableConcept != null) codings.addAll(codeableConcept.getCoding());
        if (coding != null) codings.add(coding);
        if (code != null) codings.add(new Coding(system == null ? null : system.getValue(), code.getValue(), null));
        return translator.translateToParameters(codings, mapPid, targetSystem == null ? null : targetSystem.getValue(),
                reverse != null && reverse.booleanValue());
    }
}
