package org.imnm.fhir.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed, validated search: the resource type, the criteria (ANDed), the page size and total mode, and
 * the request's parameters that were ignored as unknown (lenient handling), which its self link leaves out.
 * {@link #canonicalQuery()} renders it back as a query string, which is what a paging link carries.
 */
public record SearchRequest(String resourceType, List<Criterion> criteria, int count, TotalMode total,
        List<Include> includes, List<Include> revIncludes, List<SortKey> sort, List<String> ignoredParameters) {

    public String canonicalQuery() {
        String params = java.util.stream.Stream.concat(criteria.stream()
                .map(c -> enc(c.key()) + "=" + c.values().stream().map(SearchRequest::escapeValue)
                        .map(SearchRequest::enc).collect(Collectors.joining(","))),
                java.util.stream.Stream.concat(
                        includes.stream().map(i -> "_include" + (i.iterate() ? ":iterate" : "") + "=" + enc(i.render())),
                        revIncludes.stream().map(i -> "_revinclude" + (i.iterate() ? ":iterate" : "") + "=" + enc(i.render()))))
                .collect(Collectors.joining("&"));
        String tail = "_count=" + count + (total == TotalMode.NONE ? "" : "&_total=" + total.name().toLowerCase())
                + (sort.isEmpty() ? "" : "&_sort=" + enc(sort.stream().map(SortKey::render).collect(Collectors.joining(","))));
        return resourceType + "?" + (params.isEmpty() ? tail : params + "&" + tail);
    }

    private static String escapeValue(String v) {
        return v.replace("\\", "\\\\").replace(",", "\\,");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
