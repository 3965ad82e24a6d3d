package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class ReindexTest extends FhirServerTest {

    @Autowired
    JdbcTemplate jdbc;

    private int found(String tag) {
        return client.search().byUrl("Organization?identifier=urn:test:org|" + tag).returnBundle(Bundle.class)
                .execute().getEntry().size();
    }

    @Autowired
    Reindexer reindexer;

    @Test
    void changedSearchParameterDefinitionsStartAJobAndUnchangedOnesDoNot() {
        var types = org.imnm.fhir.resource.ServedResourceTypes.NAMES;
        reindexer.reindexIfDefinitionsChanged(types); // records the current definitions, whatever came before
        assertThat(reindexer.reindexIfDefinitionsChanged(types)).isEmpty();
        jdbc.update("update index_definition set fingerprint = 'from an older release'");
        client.create().resource(new Organization().setName("Present before the change")).execute();
        assertThat(reindexer.reindexIfDefinitionsChanged(types)).hasValueSatisfying(job -> {
            assertThat(job.reason()).contains("definitions changed");
            assertThat(job.maxPid()).isPositive();
        });
    }

    @Test
    void reindexRebuildsWhatTheIndexLacksAndReportsProgress() throws InterruptedException {
        String tag = unique();
        Organization o = new Organization().setName("Reindexed");
        o.addIdentifier().setSystem("urn:test:org").setValue(tag);
        String id = client.create().resource(o).execute().getId().getIdPart();
        assertThat(found(tag)).isEqualTo(1);

        long pid = jdbc.queryForObject("select pid from resource where res_type = 'Organization' and res_id = ?",
                Long.class, id);
        // as if the index had been built before the identifier parameter existed, and with a parameter since
        // removed
        jdbc.update("delete from idx_token where pid = ?", pid);
        jdbc.update("insert into idx_uri (pid, res_type, param, value) values (?, 'Organization', 'retired', 'x')", pid);
        assertThat(found(tag)).isZero();
        // the name's row (stored under phonetic, whose path Organization.name is one of name's)
        String nameRow = "select ctid::text from idx_string where pid = ? and param = 'phonetic'";
        String unchangedRowBefore = jdbc.queryForObject(nameRow, String.class, pid);

        Parameters started = client.operation().onServer().named("$reindex").withNoParameters(Parameters.class)
                .execute();
        int job = ((IntegerType) started.getParameter("job").getValue()).getValue();
        String status = null;
        for (int i = 0; i < 300 && !"done".equals(status); i++) {
            Thread.sleep(100);
            Parameters progress = client.operation().onServer().named("$reindex-status")
                    .withParameter(Parameters.class, "job", new IntegerType(job)).useHttpGet().execute();
            status = progress.getParameter("status").getValue().primitiveValue();
        }
        assertThat(status).isEqualTo("done");
        assertThat(found(tag)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from idx_uri where pid = ? and param = 'retired'", Integer.class,
                pid)).isZero();
        // the row that was right is left where it was, not deleted and written again
        assertThat(jdbc.queryForObject(nameRow, String.class, pid)).isEqualTo(unchangedRowBefore);
        assertThat(http.get("$reindex-status?job=999999").statusCode()).isEqualTo(404);
    }
}
