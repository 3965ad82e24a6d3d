package org.imnm.fhir.resource;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.util.UrlUtil;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.imnm.fhir.search.SearchEngine;
import org.imnm.fhir.search.SearchRequest;
import org.imnm.fhir.search.SearchRequestParser;
import org.imnm.fhir.store.CurrentRow;
import org.imnm.fhir.store.DerivedRows;
import org.imnm.fhir.store.NewResource;
import org.imnm.fhir.store.ResourceStore;
import org.imnm.fhir.store.StoredVersion;
import org.imnm.fhir.validation.ResourceValidator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The FHIR interactions on single resources, each in one database transaction (or inside the caller's,
 * when a transaction Bundle runs several): validate, version, store, index.
 */
@Service
public class ResourceService {

    private final ResourceStore store;
    /** The search index and the terminology tables, kept in step with every write. */
    private final List<DerivedRows> derived;
    private final SearchEngine searchEngine;
    private final SearchRequestParser searchParser;
    private final ResourceValidator validator;
    private final ResourceCodec codec;
    private final TransactionTemplate tx;

    ResourceService(ResourceStore store, List<DerivedRows> derived, SearchEngine searchEngine,
            SearchRequestParser searchParser, ResourceValidator validator, ResourceCodec codec,
            TransactionTemplate tx) {
        this.store = store;
        this.derived = derived;
        this.searchEngine = searchEngine;
        this.searchParser = searchParser;
        this.validator = validator;
        this.codec = codec;
        this.tx = tx;
    }

    // ---- reads -------------------------------------------------------------------------------------

    public IBaseResource read(String type, String id) {
        return codec.decode(current(type, id));
    }

    /** A read or (with a version) vread for a response: the resource {@link ResourceCodec#unparsed unparsed}. */
    public IBaseResource readForResponse(String type, String id, String version) {
        return codec.unparsed(version == null ? current(type, id) : version(type, id, version));
    }

    private StoredVersion current(String type, String id) {
        StoredVersion v = store.readCurrent(type, id)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id)));
        if (v.isDeleted()) {
            throw new ResourceGoneException("Resource " + type + "/" + id + " was deleted (version " + v.version() + ")");
        }
        return v;
    }

    /** 404 unless the resource exists or once existed (deleted resources keep their history). */
    public void requireExists(String type, String id) {
        if (!store.exists(type, id)) throw new ResourceNotFoundException(new IdType(type, id));
    }

    public IBaseResource vread(String type, String id, String version) {
        return codec.decode(version(type, id, version));
    }

    private StoredVersion version(String type, String id, String version) {
        long n = parseVersion(version);
        StoredVersion v = store.readVersion(type, id, n)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id, version)));
        if (v.isDeleted()) {
            throw new ResourceGoneException("Version " + version + " of " + type + "/" + id + " is a deletion");
        }
        return v;
    }

    /** The $validate answer for a resource, optionally against one more profile; nothing is stored. */
    public org.hl7.fhir.r4.model.OperationOutcome check(IBaseResource resource, String profile) {
        return validator.check(resource, profile);
    }

    // ---- writes ------------------------------------------------------------------------------------

    /** create, with a server-assigned id; {@code ifNoneExist} makes it conditional. */
    public WriteOutcome create(IBaseResource resource, String ifNoneExist) {
        validator.validate(resource);
        return createValidated(resource, ifNoneExist);
    }

    /** {@link #create} of a resource the caller already validated. */
    public WriteOutcome createValidated(IBaseResource resource, String ifNoneExist) {
        String type = resource.fhirType();
        return tx.execute(s -> {
            if (ifNoneExist != null) {
                SearchRequest criteria = conditionalCriteria(type, ifNoneExist);
                store.lockKey(criteria.canonicalQuery());
                List<String> matches = searchEngine.matchingIds(criteria, 2);
                if (matches.size() > 1) {
                    throw new PreconditionFailedException("If-None-Exist '" + ifNoneExist + "' matched "
                            + "more than one " + type + "; nothing was created");
                }
                if (matches.size() == 1) {
                    IBaseResource existing = read(type, matches.get(0));
                    return new WriteOutcome((IdType) existing.getIdElement(), existing, false,
                            existing.getMeta().getLastUpdated().toInstant(),
                            "If-None-Exist matched " + type + "/" + matches.get(0) + "; nothing was created");
                }
            }
            return write(type, UUID.randomUUID().toString(), resource, null, "POST");
        });
    }

    /**
     * update by id (creating the resource when the id is new); {@code ifMatchVersion} makes it
     * version-aware (412 on a stale version).
     */
    public WriteOutcome update(String type, String id, IBaseResource resource, String ifMatchVersion) {
        requireBodyId(resource, id);
        validator.validate(resource);
        return tx.execute(s -> write(type, id, resource, ifMatchVersion, "PUT"));
    }

    /**
     * Creates resources under fresh ids the caller generated (a transaction Bundle's POSTs), validated by
     * the caller, with a few statements for the whole set instead of several per resource. Fresh UUIDs
     * cannot exist yet, so there is no current row to lock.
     */
    public List<WriteOutcome> createAllValidated(List<IBaseResource> resources, List<String> ids) {
        return tx.execute(s -> {
            Instant now = now();
            List<NewResource> rows = new java.util.ArrayList<>();
            for (int i = 0; i < resources.size(); i++) {
                IBaseResource r = resources.get(i);
                checkIdSyntax(ids.get(i));
                r.setId(new IdType(r.fhirType(), ids.get(i), "1"));
                r.getMeta().setVersionId("1");
                r.getMeta().setLastUpdated(Date.from(now));
                rows.add(new NewResource(r.fhirType(), ids.get(i), now, "POST", codec.encode(r)));
            }
            // A duplicate id is a unique violation, answered 409 by the error mapping.
            List<Long> pids = store.insertNewResources(rows);
            derived.forEach(d -> d.indexNew(pids, resources));
            return resources.stream()
                    .map(r -> new WriteOutcome((IdType) r.getIdElement(), r, true, now, null))
                    .toList();
        });
    }

    /** update (or create-on-update) of a resource the caller already validated. */
    public WriteOutcome updateValidated(String type, String id, IBaseResource resource, String ifMatchVersion) {
        requireBodyId(resource, id);
        return tx.execute(s -> write(type, id, resource, ifMatchVersion, "PUT"));
    }

    /** Conditional update: {@code PUT Type?criteria}. */
    public WriteOutcome conditionalUpdate(String type, String conditionalUrl, IBaseResource resource) {
        validator.validate(resource);
        return conditionalUpdateValidated(type, conditionalUrl, resource);
    }

    /** {@link #conditionalUpdate} of a resource the caller already validated. */
    public WriteOutcome conditionalUpdateValidated(String type, String conditionalUrl, IBaseResource resource) {
        return tx.execute(s -> {
            SearchRequest criteria = conditionalCriteria(type, conditionalUrl);
            store.lockKey(criteria.canonicalQuery());
            List<String> matches = searchEngine.matchingIds(criteria, 2);
            if (matches.size() > 1) {
                throw new PreconditionFailedException("Conditional update '" + conditionalUrl
                        + "' matched more than one " + type + "; nothing was changed");
            }
            String bodyId = resource.getIdElement().getIdPart();
            String id;
            if (matches.isEmpty()) {
                id = bodyId != null ? bodyId : UUID.randomUUID().toString();
            } else {
                id = matches.get(0);
                if (bodyId != null && !bodyId.equals(id)) {
                    throw new InvalidRequestException("Conditional update matched " + type + "/" + id
                            + " but the resource body has id '" + bodyId + "'");
                }
            }
            return write(type, id, resource, null, "PUT");
        });
    }

    public WriteOutcome delete(String type, String id, String ifMatchVersion) {
        return tx.execute(s -> {
            CurrentRow current = store.lockCurrent(type, id)
                    .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id)));
            checkIfMatch(type, id, current, ifMatchVersion);
            IdType versioned = new IdType(type, id, Long.toString(current.version()));
            if (current.deleted()) {
                return new WriteOutcome(versioned, null, false, null, type + "/" + id + " was already deleted");
            }
            Instant now = stampAfter(current);
            long version = current.version() + 1;
            store.updateCurrent(current.pid(), version, now, true);
            store.insertVersion(current.pid(), type, version, now, "DELETE", null);
            derived.forEach(d -> d.remove(current.pid(), type));
            return new WriteOutcome(new IdType(type, id, Long.toString(version)), null, false, now, null);
        });
    }

    /** Conditional delete: {@code DELETE Type?criteria}; one match is deleted, several are refused (412). */
    public WriteOutcome conditionalDelete(String type, String conditionalUrl) {
        return tx.execute(s -> {
            SearchRequest criteria = conditionalCriteria(type, conditionalUrl);
            List<String> matches = searchEngine.matchingIds(criteria, 2);
            if (matches.size() > 1) {
                throw new PreconditionFailedException("Conditional delete '" + conditionalUrl
                        + "' matched more than one " + type + "; nothing was deleted");
            }
            if (matches.isEmpty()) {
                return new WriteOutcome(null, null, false, null, "No " + type + " matched '" + conditionalUrl
                        + "'; nothing was deleted");
            }
            return delete(type, matches.get(0), null);
        });
    }

    /**
     * Takes, in one order, the locks that {@link #createValidated} and {@link #conditionalUpdateValidated}
     * take for their criteria, for a transaction Bundle's conditional creates and updates ({@code Type?query}
     * each) before any of them is matched: two racing Bundles with the same If-None-Exist cannot both see no
     * match and both create, and a fixed order keeps two Bundles locking the same criteria from deadlocking.
     * Criteria that do not parse are skipped here; matching reports them against their entry.
     */
    public void lockConditions(Collection<String> conditionalUrls) {
        SortedSet<String> keys = new TreeSet<>();
        for (String url : conditionalUrls) {
            try {
                keys.add(conditionalCriteria(url.substring(0, url.indexOf('?')), url).canonicalQuery());
            } catch (BaseServerResponseException unparsable) {
                // left to the entry's own match, which names the entry
            }
        }
        keys.forEach(store::lockKey);
    }

    /** The ids matching a conditional URL (for conditional references in Bundles), at most {@code limit}. */
    public List<String> match(String type, String conditionalUrl, int limit) {
        return searchEngine.matchingIds(conditionalCriteria(type, conditionalUrl), limit);
    }

    // ---- internals ---------------------------------------------------------------------------------

    private WriteOutcome write(String type, String id, IBaseResource resource, String ifMatchVersion, String method) {
        checkIdSyntax(id);
        Optional<CurrentRow> current = store.lockCurrent(type, id);
        Instant now = current.map(ResourceService::stampAfter).orElseGet(ResourceService::now);
        if (current.isEmpty() && ifMatchVersion != null) {
            throw new PreconditionFailedException("If-Match version " + ifMatchVersion + " given, but "
                    + type + "/" + id + " does not exist");
        }
        current.ifPresent(c -> checkIfMatch(type, id, c, ifMatchVersion));
        Optional<WriteOutcome> unchanged = current.filter(c -> !c.deleted() && "PUT".equals(method))
                .flatMap(c -> unchangedVersion(type, id, c, resource));
        if (unchanged.isPresent()) return unchanged.get();
        long version = current.map(c -> c.version() + 1).orElse(1L);

        resource.setId(new IdType(type, id, Long.toString(version)));
        resource.getMeta().setVersionId(Long.toString(version));
        resource.getMeta().setLastUpdated(Date.from(now));
        String body = codec.encode(resource);

        long pid;
        boolean isNew;
        if (current.isPresent()) {
            pid = current.get().pid();
            isNew = false;
            store.updateCurrent(pid, version, now, false);
        } else {
            Optional<Long> inserted = store.insertResource(type, id, version, now);
            if (inserted.isEmpty()) {
                // Someone created the same id between our lock attempt and insert; report it rather than guess.
                throw new ResourceVersionConflictException(type + "/" + id + " was created concurrently; retry");
            }
            pid = inserted.get();
            isNew = true;
        }
        store.insertVersion(pid, type, version, now, method, body);
        derived.forEach(d -> d.reindex(pid, resource, isNew));
        return new WriteOutcome((IdType) resource.getIdElement(), resource, isNew, now, null);
    }

    /**
     * An update whose content equals the current version's makes no new version (as HAPI's JPA server
     * does): content loaded at every start-up, or a client retrying, leaves the history alone.
     */
    private Optional<WriteOutcome> unchangedVersion(String type, String id, CurrentRow current, IBaseResource incoming) {
        StoredVersion stored = store.readVersion(type, id, current.version()).orElse(null);
        if (stored == null || stored.isDeleted()) return Optional.empty();
        IBaseResource existing = codec.decode(stored);
        // Compare with the stored version's id and meta, so only the content can differ.
        var previousId = incoming.getIdElement();
        var previousVersion = incoming.getMeta().getVersionId();
        var previousUpdated = incoming.getMeta().getLastUpdated();
        incoming.setId(existing.getIdElement());
        incoming.getMeta().setVersionId(existing.getMeta().getVersionId());
        incoming.getMeta().setLastUpdated(existing.getMeta().getLastUpdated());
        boolean same = codec.encode(incoming).equals(codec.encode(existing));
        if (same) {
            return Optional.of(new WriteOutcome((IdType) existing.getIdElement(), existing, false,
                    stored.lastUpdated(), null));
        }
        incoming.setId(previousId);
        incoming.getMeta().setVersionId(previousVersion);
        incoming.getMeta().setLastUpdated(previousUpdated);
        return Optional.empty();
    }

    private static void checkIfMatch(String type, String id, CurrentRow current, String ifMatchVersion) {
        if (ifMatchVersion == null) return;
        if (current.deleted() || current.version() != parseVersion(ifMatchVersion)) {
            throw new PreconditionFailedException("If-Match version " + ifMatchVersion + " does not match "
                    + type + "/" + id + ", whose current version is " + current.version()
                    + (current.deleted() ? " (deleted)" : ""));
        }
    }

    private static void requireBodyId(IBaseResource resource, String urlId) {
        String bodyId = resource.getIdElement().getIdPart();
        if (bodyId == null) {
            throw new InvalidRequestException("The resource in an update must carry an id equal to the URL's id '"
                    + urlId + "'");
        }
        if (!bodyId.equals(urlId)) {
            throw new InvalidRequestException("Resource id '" + bodyId + "' does not match the URL's id '" + urlId + "'");
        }
    }

    private static void checkIdSyntax(String id) {
        if (!id.matches("[A-Za-z0-9\\-.]{1,64}")) {
            throw new InvalidRequestException("Invalid resource id '" + id
                    + "': 1-64 characters of letters, digits, '-' and '.'");
        }
    }

    private SearchRequest conditionalCriteria(String type, String conditionalUrl) {
        String query = conditionalUrl.contains("?") ? conditionalUrl.substring(conditionalUrl.indexOf('?') + 1)
                : conditionalUrl;
        Map<String, String[]> params = UrlUtil.parseQueryString(query);
        // Strict: a criterion we would ignore could otherwise make the condition match everything.
        SearchRequest request = searchParser.parse(type, params, true);
        if (request.criteria().isEmpty()) {
            throw new InvalidRequestException("Conditional URL '" + conditionalUrl + "' has no search criteria");
        }
        return request;
    }

    private static long parseVersion(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Invalid version '" + version + "': expected a number");
        }
    }

    /**
     * The time of a new version: taken once the row is locked (a writer that waited for the lock must not
     * stamp its version earlier than the one it follows), and never at or before the current version's
     * time, whatever the clocks of other instances say.
     */
    private static Instant stampAfter(CurrentRow current) {
        Instant now = now();
        Instant floor = current.lastUpdated().plusMillis(1);
        return now.isBefore(floor) ? floor : now;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
