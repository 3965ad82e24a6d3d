package org.imnm.fhir.server;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.util.DateUtils;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides an If-Modified-Since header that is not an HTTP date. RFC 9110 (13.1.3) says a recipient must then
 * ignore the header; HAPI's read binding instead fails on it with a NullPointerException (a 500).
 */
@Component
class InvalidIfModifiedSinceFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String value = request.getHeader(Constants.HEADER_IF_MODIFIED_SINCE);
        boolean invalid = value != null && !value.isBlank() && DateUtils.parseDate(value) == null;
        chain.doFilter(invalid ? new WithoutIfModifiedSince(request) : request, response);
    }

    private static final class WithoutIfModifiedSince extends HttpServletRequestWrapper {

        WithoutIfModifiedSince(HttpServletRequest request) {
            super(request);
        }

        private static boolean hidden(String name) {
            return Constants.HEADER_IF_MODIFIED_SINCE.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !hidden(name)).toList());
        }

        @Override
        public long getDateHeader(String name) {
            return hidden(name) ? -1 : super.getDateHeader(name);
        }
    }
}
