package org.imnm.fhir.resource;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.imnm.fhir.search.SearchRequest;
import org.springframework.stereotype.Component;

/**
 * Under lenient handling a search ignores the parameters it does not know, and the specification asks that
 * its self link then leave them out, so that the link says which search was done. HAPI builds the self link
 * from the whole request; this takes the ignored parameters back out of it.
 */
@Component
@Interceptor
public class SelfLinkOfPerformedSearch {

    private static final String IGNORED = SelfLinkOfPerformedSearch.class.getName() + ".ignored";

    /** Notes on the request which of its parameters the search ignored; returns the search. */
    static SearchRequest remember(RequestDetails request, SearchRequest search) {
        if (!search.ignoredParameters().isEmpty()) request.getUserData().put(IGNORED, search.ignoredParameters());
        return search;
    }

    /** Before the response is written (the stored-JSON writer included). */
    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -10)
    public boolean dropIgnoredParameters(RequestDetails request, ResponseDetails response) {
        if (request.getUserData().get(IGNORED) instanceof List<?> ignored
                && response.getResponseResource() instanceof Bundle bundle) {
            Bundle.BundleLinkComponent self = bundle.getLink(Bundle.LINK_SELF);
            if (self != null && self.hasUrl()) self.setUrl(without(self.getUrl(), ignored));
        }
        return true;
    }

    /** The URL without the query parameters named {@code keys} (compared decoded, as the request had them). */
    static String without(String url, Collection<?> keys) {
        int q = url.indexOf('?');
        if (q < 0) return url;
        String kept = Arrays.stream(url.substring(q + 1).split("&"))
                .filter(pair -> !keys.contains(decode(pair.split("=", 2)[0])))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? url.substring(0, q) : url.substring(0, q + 1) + kept;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // not valid percent-encoding: compared as it is
        }
    }
}
