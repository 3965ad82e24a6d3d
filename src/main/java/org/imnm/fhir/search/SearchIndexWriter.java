package org.imnm.fhir.search;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the index tables in step with the store. Runs inside the caller's transaction, so a rolled-back
 * write leaves no index rows behind.
 */
@Component
public class SearchIndexWriter {

    private final JdbcTemplate jdbc;
    private final IndexExtractor extractor;

    SearchIndexWriter(JdbcTemplate jdbc, IndexExtractor extractor) {
        this.jdbc = jdbc;
        this.extractor = extractor;
    }

    /** Replaces the index rows of {@code pid} with those of {@code resource}. */
    public void reindex(long pid, IBaseResource resource, boolean isNew) {
        if (!isNew) remove(pid);
        List<TokenRow> tokens = extractor.tokens(resource);
        if (tokens.isEmpty()) return;
        String type = resource.fhirType();
        jdbc.batchUpdate("insert into idx_token (pid, res_type, param, system, code) values (?, ?, ?, ?, ?)",
                tokens, tokens.size(), (ps, row) -> {
                    ps.setLong(1, pid);
                    ps.setString(2, type);
                    ps.setString(3, row.param());
                    ps.setString(4, row.system());
                    ps.setString(5, row.code());
                });
    }

    /** Removes a resource from every index (it was deleted). */
    public void remove(long pid) {
        jdbc.update("delete from idx_token where pid = ?", pid);
    }
}
