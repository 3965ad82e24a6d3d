package org.imnm.fhir.bundle;

import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.imnm.fhir.resource.ResultPages;
import org.springframework.stereotype.Component;

/** System-level interactions: transaction/batch at the base URL, and system _history. */
@Component
public class SystemProvider {

    private final BundleProcessor processor;
    private final ResultPages pages;

    SystemProvider(BundleProcessor processor, ResultPages pages) {
        this.processor = processor;
        this.pages = pages;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        String prefer = request.getHeader(Constants.HEADER_PREFER);
        boolean representation = prefer != null && prefer.replace(" ", "").contains("return=representation");
        return processor.process(bundle, representation);
    }

    @History
    public IBundleProvider systemHistory(@Since Date since, @At DateRangeParam at, @Offset Integer offset,
            @Count Integer count) {
        return pages.history(null, null, since == null ? null : since.toInstant(),
                at == null || at.getUpperBoundAsInstant() == null ? null : at.getUpperBoundAsInstant().toInstant(),
                offset, count);
    }
}
