package org.imnm.fhir.search;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/** {@code POST /fhir/$reindex} starts a job; {@code GET /fhir/$reindex-status?job=N} shows its progress. */
@Component
public class ReindexProvider {

    private final Reindexer reindexer;

    ReindexProvider(Reindexer reindexer) {
        this.reindexer = reindexer;
    }

    @Operation(name = "$reindex", idempotent = false)
    public Parameters reindex() {
        return describe(reindexer.start("requested through $reindex"));
    }

    @Operation(name = "$reindex-status", idempotent = true)
    public Parameters status(@OperationParam(name = "job", min = 1, max = 1) IntegerType job) {
        if (job == null || job.getValue() == null) throw new InvalidRequestException("Parameter 'job' is required");
        return describe(reindexer.find(job.getValue())
                .orElseThrow(() -> new ResourceNotFoundException("No reindex job " + job.getValue())));
    }

    private static Parameters describe(ReindexJob j) {
        Parameters p = new Parameters();
        p.addParameter("job", new IntegerType((int) j.id()));
        p.addParameter("status", new StringType(j.status()));
        p.addParameter("reason", new StringType(j.reason()));
        p.addParameter("processed", new IntegerType((int) j.processed()));
        p.addParameter("lastPid", new StringType(Long.toString(j.lastPid())));
        p.addParameter("maxPid", new StringType(Long.toString(j.maxPid())));
        p.addParameter("created", new DateTimeType(java.util.Date.from(j.created())));
        p.addParameter("updated", new DateTimeType(java.util.Date.from(j.updated())));
        return p;
    }
}
