package org.imnm.fhir.bundle;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.imnm.fhir.resource.ResourceService;
import org.imnm.fhir.resource.ResultPages;
import org.imnm.fhir.resource.WriteOutcome;
import org.imnm.fhir.search.SearchRequestParser;
import org.imnm.fhir.validation.ResourceValidator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transaction and batch Bundles. A transaction runs in one database transaction: ids are assigned and
 * every reference rewritten before anything is written, entries run in the specification's order
 * (DELETE, POST, PUT, GET), and any failure rolls everything back with an error naming the entry.
 * A batch answers each entry on its own.
 */
@Component
public class BundleProcessor {

    private final FhirContext fhirContext;
    private final ResourceService service;
    private final ResourceValidator validator;
    private final ResultPages pages;
    private final SearchRequestParser searchParser;
    private final TransactionTemplate tx;

    BundleProcessor(FhirContext fhirContext, ResourceService service, ResourceValidator validator, ResultPages pages,
            SearchRequestParser searchParser, TransactionTemplate tx) {
        this.fhirContext = fhirContext;
        this.service = service;
        this.validator = validator;
        this.pages = pages;
        this.searchParser = searchParser;
        this.tx = tx;
    }

    public Bundle process(Bundle bundle, boolean returnRepresentation) {
        if (bundle.getType() == Bundle.BundleType.TRANSACTION) return transaction(bundle, returnRepresentation);
        if (bundle.getType() == Bundle.BundleType.BATCH) return batch(bundle, returnRepresentation);
        throw new InvalidRequestException("Bundle.type must be 'transaction' or 'batch' to be processed, not '"
                + (bundle.getType() == null ? "" : bundle.getType().toCode()) + "'");
    }

    // ---- transaction -------------------------------------------------------------------------------

    private Bundle transaction(Bundle bundle, boolean returnRepresentation) {
        List<EntryRequest> entries = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) entries.add(entry(i, bundle.getEntry().get(i)));
        // Validate outside the database transaction: it is the slow part and needs no locks.
        for (EntryRequest e : entries) {
            if (e.resource() != null && e.method() != HTTPVerb.DELETE && e.method() != HTTPVerb.GET) {
                try {
                    validator.validate(e.resource());
                } catch (BaseServerResponseException ex) {
                    throw EntryFailure.of(e.index(), e.describe(), ex);
                }
            }
        }
        BundleEntryComponent[] responses = new BundleEntryComponent[entries.size()];
        tx.execute(s -> {
            service.lockConditions(conditionalUrls(entries));
            Map<String, String> ids = assignIds(entries);
            rejectOverlappingIdentities(entries);
            for (EntryRequest e : entries) {
                if (e.resource() != null) guard(e, () -> rewriteReferences(e, ids, entries));
            }
            List<EntryRequest> ordered = new ArrayList<>(entries);
            ordered.sort(Comparator.comparingInt(EntryRequest::order).thenComparingInt(EntryRequest::index));
            boolean createsDone = false;
            for (EntryRequest e : ordered) {
                if (e.method() == HTTPVerb.POST && e.existingId() == null) {
                    // All new resources of the Bundle in one batch, in their place in the processing order.
                    if (!createsDone) createNew(ordered, responses, returnRepresentation);
                    createsDone = true;
                    continue;
                }
                responses[e.index()] = guard(e, () -> execute(e, returnRepresentation));
            }
            return null;
        });
        Bundle out = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (BundleEntryComponent r : responses) out.addEntry(r);
        return out;
    }

    private void createNew(List<EntryRequest> ordered, BundleEntryComponent[] responses, boolean returnRepresentation) {
        List<EntryRequest> creates = ordered.stream()
                .filter(e -> e.method() == HTTPVerb.POST && e.existingId() == null).toList();
        List<WriteOutcome> outcomes = service.createAllValidated(
                creates.stream().map(EntryRequest::resource).toList(),
                creates.stream().map(EntryRequest::assignedId).toList());
        for (int i = 0; i < creates.size(); i++) {
            BundleEntryComponent out = new BundleEntryComponent();
            WriteOutcome w = outcomes.get(i);
            respond(out, w.id(), w.resource(), "201 Created", returnRepresentation);
            responses[creates.get(i).index()] = out;
        }
    }

    /**
     * Gives each entry that creates a resource its id, resolving conditional creates and updates first, and
     * returns fullUrl -> Type/id for rewriting references.
     */
    private Map<String, String> assignIds(List<EntryRequest> entries) {
        Map<String, String> ids = new HashMap<>();
        for (EntryRequest e : entries) {
            guard(e, () -> {
                if (e.method() == HTTPVerb.POST) {
                    String id = null;
                    if (e.ifNoneExist() != null) {
                        List<String> matches = service.match(e.type(), e.ifNoneExist(), 2);
                        if (matches.size() > 1) {
                            throw new PreconditionFailedException("If-None-Exist '" + e.ifNoneExist()
                                    + "' matched more than one " + e.type());
                        }
                        if (matches.size() == 1) {
                            id = matches.get(0);
                            e.markExisting(id);
                        }
                    }
                    e.assignId(id != null ? id : UUID.randomUUID().toString());
                } else if (e.method() == HTTPVerb.PUT) {
                    if (e.isConditional()) {
                        List<String> matches = service.match(e.type(), e.url(), 2);
                        if (matches.size() > 1) {
                            throw new PreconditionFailedException("Conditional update '" + e.url()
                                    + "' matched more than one " + e.type());
                        }
                        String bodyId = e.resource().getIdElement().getIdPart();
                        e.assignId(!matches.isEmpty() ? matches.get(0)
                                : bodyId != null ? bodyId : UUID.randomUUID().toString());
                    } else {
                        e.assignId(e.urlId());
                    }
                }
                if (e.assignedId() != null && e.fullUrl() != null) ids.put(e.fullUrl(), e.type() + "/" + e.assignedId());
                return null;
            });
        }
        return ids;
    }

    /**
     * Reads an entry. HAPI's Bundle parser links each reference to the entry resource it names; the links
     * go at once, because any encoding of a linked resource without an id (the validator's, for one) would
     * embed it as a contained resource and rewrite the reference to "#...". The references found are kept for
     * rewriting: walking a resource for them is a few percent of a transaction's CPU.
     */
    private EntryRequest entry(int index, BundleEntryComponent raw) {
        EntryRequest e = EntryRequest.of(index, raw);
        if (e.resource() != null) {
            List<Reference> references =
                    fhirContext.newTerser().getAllPopulatedChildElementsOfType(e.resource(), Reference.class);
            references.forEach(ref -> ref.setResource(null));
            e.setReferences(references);
        }
        return e;
    }

    /** The criteria of the conditional creates and updates, as Type?query. */
    private static List<String> conditionalUrls(List<EntryRequest> entries) {
        List<String> urls = new ArrayList<>();
        for (EntryRequest e : entries) {
            if (e.method() == HTTPVerb.POST && e.ifNoneExist() != null) {
                urls.add(e.type() + "?" + e.ifNoneExist().substring(e.ifNoneExist().indexOf('?') + 1));
            } else if (e.method() == HTTPVerb.PUT && e.isConditional()) {
                urls.add(e.url());
            }
        }
        return urls;
    }

    /** The specification: if resource identities overlap across DELETE, POST and PUT, the transaction fails. */
    private static void rejectOverlappingIdentities(List<EntryRequest> entries) {
        Map<String, EntryRequest> byIdentity = new HashMap<>();
        for (EntryRequest e : entries) {
            String id = e.method() == HTTPVerb.DELETE && !e.isConditional() ? e.urlId()
                    : e.method() == HTTPVerb.POST || e.method() == HTTPVerb.PUT ? e.assignedId() : null;
            if (id == null) continue;
            EntryRequest earlier = byIdentity.putIfAbsent(e.type() + "/" + id, e);
            if (earlier != null) {
                throw new InvalidRequestException("Bundle.entry[" + earlier.index() + "] and Bundle.entry[" + e.index()
                        + "] both act on " + e.type() + "/" + id + "; a transaction may touch a resource only once");
            }
        }
    }

    private void rewriteReferences(EntryRequest entry, Map<String, String> ids, List<EntryRequest> entries) {
        for (Reference ref : entry.references()) {
            String target = ref.getReference();
            if (target == null) continue;
            String mapped = ids.get(target);
            if (mapped != null) {
                ref.setReference(mapped);
            } else if (target.startsWith("urn:uuid:") || target.startsWith("urn:oid:")) {
                throw new InvalidRequestException("Reference '" + target + "' names no entry of this Bundle");
            } else if (target.contains("?")) {
                ref.setReference(resolveConditional(target, entries));
            }
        }
    }

    /** A conditional reference ("Patient?identifier=s|v") must match exactly one resource. */
    private String resolveConditional(String target, List<EntryRequest> entries) {
        String type = target.substring(0, target.indexOf('?'));
        for (EntryRequest e : entries) {
            // The target may be created by this very Bundle (a conditional create with the same criteria).
            String criteria = e.method() == HTTPVerb.POST ? e.ifNoneExist()
                    : e.method() == HTTPVerb.PUT && e.isConditional() ? e.url() : null;
            if (criteria != null && e.type().equals(type) && sameQuery(criteria, target)) {
                return type + "/" + e.assignedId();
            }
        }
        List<String> matches = service.match(type, target, 2);
        if (matches.size() != 1) {
            throw new PreconditionFailedException("Conditional reference '" + target + "' matched "
                    + (matches.isEmpty() ? "no" : "more than one") + " resource; it must match exactly one");
        }
        return type + "/" + matches.get(0);
    }

    /** Two conditional URLs name the same criteria when their parameter pairs are equal, in any order. */
    private static boolean sameQuery(String a, String b) {
        return java.util.Arrays.equals(sortedPairs(a.substring(a.indexOf('?') + 1)),
                sortedPairs(b.substring(b.indexOf('?') + 1)));
    }

    private static String[] sortedPairs(String query) {
        return UrlUtil.parseQueryString(query).entrySet().stream()
                .flatMap(x -> java.util.Arrays.stream(x.getValue()).map(v -> x.getKey() + "=" + v))
                .sorted().toArray(String[]::new);
    }

    // ---- batch ---------------------------------------------------------------------------------------

    private Bundle batch(Bundle bundle, boolean returnRepresentation) {
        Bundle out = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            BundleEntryComponent response;
            try {
                EntryRequest e = entry(i, bundle.getEntry().get(i));
                response = tx.execute(s -> {
                    if (e.resource() != null && e.method() != HTTPVerb.DELETE) {
                        validator.validate(e.resource());
                        rewriteReferences(e, Map.of(), List.of());
                    }
                    // Batch entries stand alone: creates keep their own conditional check, updates their URL id.
                    if (e.method() == HTTPVerb.PUT && !e.isConditional()) e.assignId(e.urlId());
                    return execute(e, returnRepresentation);
                });
            } catch (BaseServerResponseException ex) {
                response = errorEntry(ex);
            }
            out.addEntry(response);
        }
        return out;
    }

    private static BundleEntryComponent errorEntry(BaseServerResponseException ex) {
        BundleEntryComponent entry = new BundleEntryComponent();
        entry.getResponse().setStatus(ex.getStatusCode() + " " + statusText(ex.getStatusCode()));
        OperationOutcome oo = ex.getOperationOutcome() instanceof OperationOutcome o ? o : new OperationOutcome();
        if (oo.getIssue().isEmpty()) {
            oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(ex.getMessage());
        }
        entry.getResponse().setOutcome(oo);
        return entry;
    }

    // ---- one entry ------------------------------------------------------------------------------------

    private BundleEntryComponent execute(EntryRequest e, boolean returnRepresentation) {
        BundleEntryComponent out = new BundleEntryComponent();
        switch (e.method()) {
            case DELETE -> {
                WriteOutcome w = e.isConditional() ? service.conditionalDelete(e.type(), e.url())
                        : service.delete(e.type(), e.urlId(), e.ifMatch());
                out.getResponse().setStatus(w.changedNothing() && w.id() == null ? "200 OK" : "204 No Content");
                if (w.changedNothing()) out.getResponse().setOutcome(info(w.message()));
            }
            case POST -> {
                if (e.existingId() != null) {
                    IBaseResource existing = service.read(e.type(), e.existingId());
                    respond(out, existing.getIdElement(), existing, "200 OK", returnRepresentation);
                } else {
                    WriteOutcome w = service.createValidated(e.resource(), e.ifNoneExist());
                    respond(out, w.id(), w.resource(), w.created() ? "201 Created" : "200 OK", returnRepresentation);
                }
            }
            case PUT -> {
                WriteOutcome w;
                if (e.assignedId() == null) {
                    w = service.conditionalUpdateValidated(e.type(), e.url(), e.resource());
                } else {
                    if (!e.resource().getIdElement().hasIdPart()) e.resource().setId(e.assignedId());
                    w = service.updateValidated(e.type(), e.assignedId(), e.resource(), e.ifMatch());
                }
                respond(out, w.id(), w.resource(), w.created() ? "201 Created" : "200 OK", returnRepresentation);
            }
            case GET -> {
                out.setResource((Resource) get(e));
                out.getResponse().setStatus("200 OK");
            }
            default -> throw new InvalidRequestException("Method " + e.method().toCode()
                    + " is not supported in a Bundle entry; use POST, PUT, DELETE or GET");
        }
        return out;
    }

    private IBaseResource get(EntryRequest e) {
        if (e.url().contains("?") || !e.url().contains("/")) {
            String query = e.url().contains("?") ? e.url().substring(e.url().indexOf('?') + 1) : "";
            var provider = pages.search(searchParser.parse(e.type(), UrlUtil.parseQueryString(query), false));
            Bundle result = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            if (provider.size() != null) result.setTotal(provider.size());
            for (IBaseResource r : provider.getResources(0, Integer.MAX_VALUE)) {
                boolean included = ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum.INCLUDE
                        == ca.uhn.fhir.model.api.ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(r);
                result.addEntry().setFullUrl(r.getIdElement().toUnqualifiedVersionless().getValue())
                        .setResource((Resource) r).getSearch()
                        .setMode(included ? Bundle.SearchEntryMode.INCLUDE : Bundle.SearchEntryMode.MATCH);
            }
            return result;
        }
        IdType id = new IdType(e.url());
        return id.hasVersionIdPart() ? service.vread(e.type(), id.getIdPart(), id.getVersionIdPart())
                : service.read(e.type(), id.getIdPart());
    }

    private static void respond(BundleEntryComponent out, org.hl7.fhir.instance.model.api.IIdType id,
            IBaseResource resource, String status, boolean returnRepresentation) {
        out.getResponse()
                .setStatus(status)
                .setLocation(id.getResourceType() + "/" + id.getIdPart() + "/_history/" + id.getVersionIdPart())
                .setEtag("W/\"" + id.getVersionIdPart() + "\"")
                .setLastModified(resource.getMeta().getLastUpdated());
        if (returnRepresentation) out.setResource((Resource) resource);
    }

    private static OperationOutcome info(String message) {
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(message);
        return oo;
    }

    private static <T> T guard(EntryRequest e, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (BaseServerResponseException ex) {
            throw EntryFailure.of(e.index(), e.describe(), ex);
        }
    }

    private static void guard(EntryRequest e, Runnable work) {
        guard(e, () -> {
            work.run();
            return null;
        });
    }

    private static String statusText(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 422 -> "Unprocessable Entity";
            default -> "Error";
        };
    }
}
