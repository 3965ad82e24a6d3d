package org.imnm.fhir.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A page cursor that may carry the _total=accurate count of the search's first page ({@code t<count>.}
 * before the position), so that following a link does not count every match again. As on a server that
 * keeps its search results, each page of one search reports the total of when the search began; the count
 * travels in the link, so any instance can serve the next page. A position never holds a '.' (it is a
 * pid, base64url or {@link SearchEngine#BEFORE}), so the prefix cannot be mistaken for one.
 */
record CountedCursor(Integer total, String position) {

    private static final Pattern FORM = Pattern.compile("t(\\d{1,9})\\.(.+)");

    static CountedCursor parse(String cursor) {
        if (cursor == null || cursor.indexOf('.') < 0) return new CountedCursor(null, cursor);
        var m = FORM.matcher(cursor);
        if (!m.matches()) throw new InvalidRequestException("Invalid paging link: bad page cursor");
        return new CountedCursor(Integer.valueOf(m.group(1)), m.group(2));
    }

    static String format(Integer total, String position) {
        return total == null ? position : "t" + total + "." + position;
    }
}
