package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexedTextTest {

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void shortTextsAreKeptWhole() {
        assertThat(IndexedText.bound(null)).isNull();
        assertThat(IndexedText.bound("2157-6")).isEqualTo("2157-6");
        String exactly = "a".repeat(IndexedText.MAX_BYTES);
        assertThat(IndexedText.bound(exactly)).isSameAs(exactly);
    }

    @Test
    void longTextsKeepTheirFirstThousandBytesWithoutSplittingACharacter() {
        assertThat(IndexedText.bound("a".repeat(3000))).isEqualTo("a".repeat(1000));
        String euros = "€".repeat(400); // 3 bytes each
        assertThat(IndexedText.bound(euros)).isEqualTo("€".repeat(333));
        String mixed = "a" + "😀".repeat(300); // 1 byte, then 4 bytes (a surrogate pair) each
        String kept = IndexedText.bound(mixed);
        assertThat(kept).isEqualTo("a" + "😀".repeat(249));
        assertThat(utf8(kept)).isLessThanOrEqualTo(IndexedText.MAX_BYTES);
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }
}
