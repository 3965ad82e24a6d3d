package org.imnm.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.annotation.PostConstruct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.SearchParameter;
import org.imnm.fhir.resource.ServedResourceTypes;
import org.imnm.fhir.store.DerivedRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * SearchParameter resources created through the API become search parameters: a write checks that the
 * parameter can be indexed (a served base type, an indexable type, an expression that parses, a code the
 * specification does not define already; 422 otherwise), and once it commits the registry takes it and a
 * re-index job starts (the fingerprint check, so every instance agrees on one job). Other instances notice
 * within {@code imnm.fhir.search-parameter-poll-ms} by the count and latest update of the stored ones.
 */
@Component
class StoredSearchParameters implements DerivedRows {

    private static final Logger log = LoggerFactory.getLogger(StoredSearchParameters.class);

    private final JdbcTemplate jdbc;
    private final FhirContext fhirContext;
    private final SearchParameterRegistry registry;
    private final Reindexer reindexer;
    private volatile String stamp = "";

    StoredSearchParameters(JdbcTemplate jdbc, FhirContext fhirContext, SearchParameterRegistry registry,
            Reindexer reindexer) {
        this.jdbc = jdbc;
        this.fhirContext = fhirContext;
        this.registry = registry;
        this.reindexer = reindexer;
    }

    @PostConstruct
    void loadAtStartup() {
        refreshIfChanged();
    }

    @Override
    public void indexNew(List<Long> pids, List<? extends IBaseResource> resources) {
        for (IBaseResource r : resources) {
            if (r instanceof SearchParameter sp) {
                check(sp);
                afterCommit();
            }
        }
    }

    @Override
    public void remove(long pid, String resourceType) {
        if (resourceType.equals("SearchParameter")) afterCommit();
    }

    /** Picks up SearchParameters another instance stored. */
    @Scheduled(fixedDelayString = "${imnm.fhir.search-parameter-poll-ms:5000}")
    public void refreshIfChanged() {
        String current = jdbc.queryForObject("select count(*) || ':' || coalesce(max(last_updated)::text, '')"
                + " from resource where res_type = 'SearchParameter' and not deleted", String.class);
        if (current.equals(stamp)) return;
        Map<String, SearchParameter> stored = new LinkedHashMap<>();
        jdbc.query("select v.body from resource r join resource_version v on v.pid = r.pid and v.version = r.version"
                + " where r.res_type = 'SearchParameter' and not r.deleted order by r.pid", rs -> {
                    SearchParameter sp = fhirContext.newJsonParser().parseResource(SearchParameter.class, rs.getString(1));
                    if (sp.getStatus() == Enumerations.PublicationStatus.RETIRED) return;
                    sp.getBase().forEach(base -> stored.put(base.getValue() + "." + sp.getCode(), sp));
                });
        registry.useStored(stored);
        stamp = current;
        log.info("Search parameters from the API: {}", stored.keySet());
    }

    private void check(SearchParameter sp) {
        String where = "SearchParameter '" + sp.getCode() + "'";
        if (!sp.hasCode() || sp.getCode().startsWith("_")) {
            throw new UnprocessableEntityException(where + ": code is required and may not start with '_'");
        }
        RestSearchParameterTypeEnum type = sp.hasType() ? RestSearchParameterTypeEnum.forCode(sp.getType().toCode()) : null;
        if (!SearchParameterRegistry.isIndexedType(type)) {
            throw new UnprocessableEntityException(where + ": type '" + (type == null ? "" : type.getCode())
                    + "' cannot be indexed here (token, string, date, reference, quantity, number and uri can)");
        }
        if (!sp.hasExpression()) throw new UnprocessableEntityException(where + ": an expression is required");
        registry.expressionProblem(sp.getExpression()).ifPresent(problem -> {
            throw new UnprocessableEntityException(where + ": expression '" + sp.getExpression()
                    + "' is not valid FHIRPath: " + problem);
        });
        if (sp.getBase().isEmpty()) throw new UnprocessableEntityException(where + ": at least one base is required");
        for (var base : sp.getBase()) {
            if (!ServedResourceTypes.isServed(base.getValue())) {
                throw new UnprocessableEntityException(where + ": base '" + base.getValue() + "' is not served here");
            }
            if (registry.isPredefined(base.getValue(), sp.getCode())) {
                throw new UnprocessableEntityException(where + ": " + base.getValue() + " already has a search"
                        + " parameter '" + sp.getCode() + "'");
            }
        }
    }

    /** Once the write is visible: the registry takes it, and a job re-indexes what is stored. */
    private void afterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                refreshIfChanged();
                reindexer.reindexIfDefinitionsChanged(ServedResourceTypes.NAMES)
                        .ifPresent(job -> log.info("SearchParameter change: reindex job {} started", job.id()));
            }
        });
    }
}
