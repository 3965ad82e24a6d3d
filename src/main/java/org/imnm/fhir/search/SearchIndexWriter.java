package org.imnm.fhir.search;

import java.util.ArrayList;
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
        indexNew(List.of(pid), List.of(resource));
    }

    /** Writes the index rows of resources that have none yet, in one batch. */
    public void indexNew(List<Long> pids, List<? extends IBaseResource> resources) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            IBaseResource resource = resources.get(i);
            for (TokenRow t : extractor.tokens(resource)) {
                rows.add(new Object[] {pids.get(i), resource.fhirType(), t.param(), t.system(), t.code()});
            }
        }
        if (rows.isEmpty()) return;
        jdbc.batchUpdate("insert into idx_token (pid, res_type, param, system, code) values (?, ?, ?, ?, ?)", rows);
    }

    /** Removes a resource from every index (it was deleted). */
    public void remove(long pid) {
        jdbc.update("delete from idx_token where pid = ?", pid);
    }
}
