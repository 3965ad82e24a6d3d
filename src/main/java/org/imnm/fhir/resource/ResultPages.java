package org.imnm.fhir.resource;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.UrlUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imnm.fhir.search.SearchEngine;
import org.imnm.fhir.search.SearchPage;
import org.imnm.fhir.search.SearchRequest;
import org.imnm.fhir.search.SearchRequestParser;
import org.imnm.fhir.store.HistoryQuery;
import org.imnm.fhir.store.ResourceStore;
import org.imnm.fhir.store.StoredVersion;
import org.springframework.stereotype.Component;

/**
 * Pages of search and history results, and HAPI's paging provider for the links between them.
 * A paging link holds the query (as the "search id") and a keyset cursor (as the "page id"), so nothing
 * is remembered between requests.
 */
@Component
public class ResultPages implements IPagingProvider {

    private static final String FIRST_PAGE = "first";

    private final SearchRequestParser parser;
    private final SearchEngine engine;
    private final ResourceStore store;
    private final ResourceCodec codec;

    ResultPages(SearchRequestParser parser, SearchEngine engine, ResourceStore store, ResourceCodec codec) {
        this.parser = parser;
        this.engine = engine;
        this.store = store;
        this.codec = codec;
    }

    public IBundleProvider search(SearchRequest request) {
        return searchPage(request, null);
    }

    /**
     * A page of history. HAPI links history pages by _offset (its history binding always pages that way),
     * which is stateless too: the whole query is in the link.
     */
    public IBundleProvider history(String type, String id, Instant since, Instant at, Integer offset, Integer count) {
        int limit = count == null ? parser.defaultPageSize() : Math.min(Math.max(count, 0), parser.maxPageSize());
        int from = offset == null ? 0 : Math.max(offset, 0);
        // One extra row tells whether another page follows.
        List<StoredVersion> rows = store.history(new HistoryQuery(type, id, since, at, from, limit + 1));
        boolean more = rows.size() > limit;
        if (more) rows = rows.subList(0, limit);
        return new OffsetPageBundleProvider(rows.stream().map(codec::unparsed).toList(), from, limit, more);
    }

    private IBundleProvider searchPage(SearchRequest request, String cursor) {
        SearchPage page = engine.search(request, cursor);
        List<IBaseResource> resources = new java.util.ArrayList<>();
        for (var v : page.matches()) {
            IBaseResource r = codec.unparsed(v);
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.MATCH);
            resources.add(r);
        }
        for (var v : page.included()) {
            IBaseResource r = codec.unparsed(v);
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.INCLUDE);
            resources.add(r);
        }
        return new PageBundleProvider(encode(request.canonicalQuery()),
                cursor == null ? FIRST_PAGE : cursor,
                page.nextCursor(), page.previousCursor(),
                resources, page.total(), request.count());
    }

    // ---- IPagingProvider: following a link -----------------------------------------------------------

    @Override
    public int getDefaultPageSize() {
        return parser.defaultPageSize();
    }

    @Override
    public int getMaximumPageSize() {
        return parser.maxPageSize();
    }

    @Override
    public boolean canStoreSearchResults() {
        return true;
    }

    @Override
    public String storeResultList(RequestDetails request, IBundleProvider list) {
        return list.getUuid(); // the id already is the query: nothing to store
    }

    @Override
    public IBundleProvider retrieveResultList(RequestDetails request, String searchId) {
        return retrieveResultList(request, searchId, FIRST_PAGE);
    }

    @Override
    public IBundleProvider retrieveResultList(RequestDetails request, String searchId, String pageId) {
        String body = decode(searchId);
        try {
            int q = body.indexOf('?');
            Map<String, String[]> params = UrlUtil.parseQueryString(body.substring(q + 1));
            SearchRequest search = parser.parse(body.substring(0, q), params, true);
            return searchPage(search, FIRST_PAGE.equals(pageId) ? null : pageId);
        } catch (RuntimeException e) {
            if (e instanceof InvalidRequestException) throw e;
            throw new InvalidRequestException("Invalid paging link: " + e.getMessage());
        }
    }

    private static String encode(String query) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(query.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String searchId) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(searchId), StandardCharsets.UTF_8);
            if (s.indexOf('?') < 1) throw new IllegalArgumentException();
            return s;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid paging link: unknown search id");
        }
    }
}
