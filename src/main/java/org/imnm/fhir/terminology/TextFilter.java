package org.imnm.fhir.terminology;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The text filter of {@code $expand}: every word of the filter must begin a word of the concept's display
 * or of one of its designations, ignoring case and accents ("creat kin" finds "Creatine kinase").
 * Both sides are reduced to lower-case ASCII-folded words here, so the Postgres text-search query built
 * from them holds only letters and digits.
 */
final class TextFilter {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TextFilter() {}

    /** The words of a text, normalized and separated by single spaces. */
    static String words(String text) {
        if (text == null) return "";
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        return NON_WORD.matcher(folded).replaceAll(" ").trim();
    }

    /** A {@code to_tsquery('simple', ...)} prefix query matching every word of the filter; null when it has none. */
    static String prefixQuery(String filter) {
        String w = words(filter);
        if (w.isEmpty()) return null;
        return Arrays.stream(w.split(" ")).limit(16).map(x -> x + ":*").collect(Collectors.joining(" & "));
    }
}
