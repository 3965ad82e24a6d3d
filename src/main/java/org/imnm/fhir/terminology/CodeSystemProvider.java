package org.imnm.fhir.terminology;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.imnm.fhir.resource.GenericResourceProvider;
import org.imnm.fhir.resource.ResourceService;
import org.imnm.fhir.resource.ResultPages;
import org.imnm.fhir.search.SearchRequestParser;

/** CodeSystem's REST interactions plus {@code $lookup}, {@code $validate-code} and {@code $subsumes}, type and instance level. */
public class CodeSystemProvider extends GenericResourceProvider {

    private final CodeSystemOperations operations;

    public CodeSystemProvider(ResourceService service, ResultPages pages, SearchRequestParser parser,
            CodeSystemOperations operations) {
        super(CodeSystem.class, "CodeSystem", service, pages, parser);
        this.operations = operations;
    }

    @Operation(name = "$lookup", idempotent = true)
    public Parameters lookup(@IdParam(optional = true) IdType id,
            @OperationParam(name = "code") CodeType code,
            @OperationParam(name = "system") UriType system,
            @OperationParam(name = "version") StringType version,
            @OperationParam(name = "coding") Coding coding,
            @OperationParam(name = "displayLanguage") CodeType displayLanguage,
            @OperationParam(name = "property", max = OperationParam.MAX_UNLIMITED) List<CodeType> property) {
        Coding c = coding(code, system, version, coding);
        Set<String> wanted = property == null ? Set.of()
                : property.stream().map(CodeType::getValue).collect(Collectors.toSet());
        return operations.lookup(target(id, c), c.getCode(), wanted, value(displayLanguage));
    }

    @Operation(name = "$validate-code", idempotent = true)
    public Parameters validateCode(@IdParam(optional = true) IdType id,
            @OperationParam(name = "url") UriType url,
            @OperationParam(name = "code") CodeType code,
            @OperationParam(name = "system") UriType system,
            @OperationParam(name = "version") StringType version,
            @OperationParam(name = "display") StringType display,
            @OperationParam(name = "coding") Coding coding,
            @OperationParam(name = "codeableConcept") CodeableConcept codeableConcept) {
        UriType codeSystem = url != null ? url : system;
        if (codeableConcept != null) {
            // At type level with a url, only the codings of that code system count (a coding without one is in it).
            List<Coding> codings = codeableConcept.getCoding().stream()
                    .filter(c -> id != null || codeSystem == null || !c.hasSystem() || c.getSystem().equals(codeSystem.getValue()))
                    .map(c -> c.hasSystem() || codeSystem == null ? c : c.copy().setSystem(codeSystem.getValue()))
                    .toList();
            return operations.validateCodeableConcept(codings, c -> target(id, c));
        }
        Coding c = coding(code, codeSystem, version, coding);
        String shownDisplay = display != null ? display.getValue() : c.getDisplay();
        return operations.validateCode(target(id, c), c.getCode(), shownDisplay);
    }

    @Operation(name = "$subsumes", idempotent = true)
    public Parameters subsumes(@IdParam(optional = true) IdType id,
            @OperationParam(name = "codeA") CodeType codeA,
            @OperationParam(name = "codeB") CodeType codeB,
            @OperationParam(name = "system") UriType system,
            @OperationParam(name = "version") StringType version,
            @OperationParam(name = "codingA") Coding codingA,
            @OperationParam(name = "codingB") Coding codingB) {
        Coding a = coding(codeA, system, version, codingA), b = coding(codeB, system, version, codingB);
        if (a.hasSystem() && b.hasSystem() && !a.getSystem().equals(b.getSystem())) {
            throw new InvalidRequestException("$subsumes compares codes of one code system; codingA and codingB differ");
        }
        return operations.subsumes(target(id, a.hasSystem() ? a : b), a.getCode(), b.getCode());
    }

    private Canonical target(IdType id, Coding c) {
        if (id != null && id.hasIdPart()) return operations.codeSystemById(id.getIdPart());
        return operations.codeSystem(c.getSystem(), c.getVersion());
    }

    private static Coding coding(CodeType code, UriType system, StringType version, Coding coding) {
        if (coding != null) return coding;
        Coding c = new Coding(value(system), value(code), null);
        if (version != null) c.setVersion(version.getValue());
        return c;
    }

    private static String value(org.hl7.fhir.r4.model.PrimitiveType<?> p) {
        return p == null ? null : p.getValueAsString();
    }
}
