package org.imnm.fhir.bundle;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Re-labels an entry's failure so the response names the entry (Bundle.entry[i]) that caused it. */
final class EntryFailure {

    private EntryFailure() {}

    static BaseServerResponseException of(int index, String request, BaseServerResponseException cause) {
        String where = "Bundle.entry[" + index + "]";
        BaseServerResponseException e = BaseServerResponseException.newInstance(cause.getStatusCode(),
                where + " (" + request + "): " + cause.getMessage());
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING)
                .setDiagnostics(where + " (" + request + ") failed: " + cause.getMessage())
                .addExpression(where);
        IBaseOperationOutcome original = cause.getOperationOutcome();
        if (original instanceof OperationOutcome inner) {
            for (OperationOutcome.OperationOutcomeIssueComponent issue : inner.getIssue()) {
                OperationOutcome.OperationOutcomeIssueComponent copy = issue.copy();
                copy.getExpression().clear();
                issue.getExpression().forEach(x -> copy.addExpression(where + ".resource." + x.getValue()));
                if (copy.getExpression().isEmpty()) copy.addExpression(where);
                oo.addIssue(copy);
            }
        }
        e.setOperationOutcome(oo);
        return e;
    }
}
