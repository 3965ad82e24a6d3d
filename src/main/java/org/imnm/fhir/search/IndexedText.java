package org.imnm.fhir.search;

import java.nio.charset.StandardCharsets;

/**
 * The part of a text that goes into a B-tree index column, and that searches compare with it. Postgres
 * refuses an index entry over 2,704 bytes (a 3,000-character identifier failed the write with a 500), so
 * an indexed text keeps its first {@value #MAX_BYTES} bytes of UTF-8, two of which fit in an entry with
 * the other columns. Like HAPI's JPA server (200 characters), a search then matches on that prefix: two
 * values alike in their first 1,000 bytes are not told apart, and :contains does not look past it.
 */
final class IndexedText {

    static final int MAX_BYTES = 1000;

    private IndexedText() {}

    static String bound(String text) {
        // A UTF-8 character takes at most 4 bytes: a text this short is within the limit uncounted.
        if (text == null || text.length() <= MAX_BYTES / 4) return text;
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) return text;
        int bytes = 0, end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_BYTES) break;
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
