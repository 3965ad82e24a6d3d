package org.imnm.fhir.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Where a sorted page ends: the last row's sort values (null: it had none) and its id. */
record SortCursor(List<String> values, String id) {

    private static final char SEPARATOR = '\u001f';

    String encode() {
        StringBuilder b = new StringBuilder();
        for (String v : values) b.append(v == null ? "n" : "v" + v).append(SEPARATOR);
        b.append(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static SortCursor decode(String text, int keys) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8)
                    .split(String.valueOf(SEPARATOR), -1);
            if (parts.length != keys + 1) throw new IllegalArgumentException();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < keys; i++) values.add(parts[i].equals("n") ? null : parts[i].substring(1));
            return new SortCursor(values, parts[keys]);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new InvalidRequestException("Invalid paging link: bad page cursor");
        }
    }
}
