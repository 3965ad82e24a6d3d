package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The server's token keys are the ones V12's SQL functions gave the rows stored before it: a difference
 * would hide those resources from searches that AND a code with a date or a quantity.
 */
class TokenKeysTest extends FhirServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void javaAndSqlComputeTheSameKeys() {
        List<String[]> tokens = List.of(
                new String[] {"code", "http://loinc.org", "2157-6"},
                new String[] {"status", null, "final"},
                new String[] {"identifier", "urn:oid:1.2.3", "Müller-ß-ø-東京"},
                new String[] {"combo-code", "http://snomed.info/sct", "a|b"});
        for (String[] t : tokens) {
            assertThat(TokenKeys.code(t[0], t[2])).as("code key of %s", String.join(",", t[0], t[2]))
                    .isEqualTo(jdbc.queryForObject("select token_code_key(?, ?)", Long.class, t[0], t[2]));
            assertThat(TokenKeys.systemCode(t[0], t[1], t[2])).as("system-code key of %s", t[2])
                    .isEqualTo(jdbc.queryForObject("select token_system_code_key(?, ?, ?)", Long.class, t[0], t[1], t[2]));
        }
    }

    @Test
    void keysSeparateParameterSystemAndCode() {
        assertThat(TokenKeys.code("code", "2157-6")).isNotEqualTo(TokenKeys.code("combo-code", "2157-6"));
        assertThat(TokenKeys.systemCode("code", null, "2157-6"))
                .isNotEqualTo(TokenKeys.systemCode("code", "http://loinc.org", "2157-6"))
                .isNotEqualTo(TokenKeys.code("code", "2157-6"));
        assertThat(TokenKeys.systemCode("code", "a", "b|c")).isNotEqualTo(TokenKeys.systemCode("code", "a|b", "c"));
    }

    @Test
    void aResourcesKeysAreSortedDistinctAndLeaveOutTokensWithoutCode() {
        var withCode = new IndexRows.Token("code", "http://loinc.org", "2157-6");
        var again = new IndexRows.Token("code", "http://loinc.org", "2157-6", "ck", null, null);
        var textOnly = new IndexRows.Token("code", null, null, "creatine kinase", null, null);
        long a = TokenKeys.code("code", "2157-6"), b = TokenKeys.systemCode("code", "http://loinc.org", "2157-6");
        assertThat(TokenKeys.arrayOf(List.of(withCode, again, textOnly)))
                .isEqualTo("{" + Math.min(a, b) + "," + Math.max(a, b) + "}");
        assertThat(TokenKeys.arrayOf(List.of(textOnly))).isEqualTo("{}");
    }
}
