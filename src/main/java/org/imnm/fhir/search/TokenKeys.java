package org.imnm.fhir.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;

/**
 * The 64-bit keys of token values that date and quantity rows carry for their resource (V12): (param, code)
 * for "code" and (param, system, code) for "system|code" and "|code". The first 64 bits of an md5, exactly
 * as V12's SQL functions {@code token_code_key} and {@code token_system_code_key} compute them for the
 * rows stored before it; U+0001 cannot occur in a FHIR string, so different tokens hash different texts.
 */
final class TokenKeys {

    private static final char SEPARATOR = '\u0001';

    /**
     * The most keys a row carries. Its index entry (the keys are an included column) must stay under
     * Postgres' 2,704-byte limit for a B-tree entry with its other columns: 200 keys take 1,624 bytes. A
     * resource with more coded values (a panel of many components) carries none: null, "look in idx_token".
     */
    static final int MAX_CARRIED = 200;

    private TokenKeys() {}

    static long code(String param, String code) {
        return key(param + SEPARATOR + code);
    }

    static long systemCode(String param, String system, String code) {
        return key(param + SEPARATOR + code + SEPARATOR + (system == null ? "" : system));
    }

    /**
     * Every key of a resource's coded tokens, sorted and distinct, in Postgres' array text form; null when
     * there are more than {@value #MAX_CARRIED}.
     */
    static String arrayOf(Collection<IndexRows.Token> tokens) {
        long[] keys = tokens.stream().filter(t -> t.code() != null)
                .flatMapToLong(t -> java.util.stream.LongStream.of(code(t.param(), t.code()),
                        systemCode(t.param(), t.system(), t.code())))
                .sorted().distinct().toArray();
        if (keys.length > MAX_CARRIED) return null;
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) text.append(i == 0 ? "" : ",").append(keys[i]);
        return text.append('}').toString();
    }

    private static long key(String text) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(Arrays.copyOf(md5, Long.BYTES)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has MD5", e);
        }
    }
}
