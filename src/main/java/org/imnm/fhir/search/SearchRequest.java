package org.imnm.fhir.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed, validated search: the resource type, the criteria (ANDed), the page size and total mode.
 * {@link #canonicalQuery()} renders it back as a query string, which is what a paging link carries.
 */
public record SearchRequest(String resourceType, List<Criterion> criteria, int count, TotalMode total) {

    public String canonicalQuery() {
        String params = criteria.stream()
                .map(c -> enc(c.key()) + "=" + c.values().stream().map(SearchRequest::escapeValue)
                        .map(SearchRequest::enc).collect(Collectors.joining(",")))
                .collect(Collectors.joining("&"));
        String tail = "_count=" + count + (total == TotalMode.NONE ? "" : "&_total=" + total.name().toLowerCase());
        return resourceType + "?" + (params.isEmpty() ? tail : params + "&" + tail);
    }

    private static String escapeValue(String v) {
        return v.replace("\\", "\\\\").replace(",", "\\,");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
