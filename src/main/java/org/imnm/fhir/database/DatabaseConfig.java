package org.imnm.fhir.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Chooses the database: the one named by {@code spring.datasource.url} when set, otherwise an embedded
 * Postgres whose files live under {@code imnm.data-dir}, so a developer needs nothing but a JDK.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties props) {
        return EmbeddedPostgresStarter.take(props);
    }

    @Bean
    DataSource dataSource(DataSourceProperties props, ObjectProvider<EmbeddedPostgres> embedded) {
        HikariDataSource ds;
        if (StringUtils.hasText(props.getUrl())) {
            ds = props.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        } else {
            EmbeddedPostgres pg = embedded.getObject();
            ds = new HikariDataSource();
            ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
        }
        ds.setPoolName("imnm-db");
        // Lets the driver send a JDBC batch of inserts as multi-row statements: one round trip per batch.
        ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Search values are very skewed (one LOINC code can be half of all Observations). After five runs of a
        // prepared statement Postgres may switch to a generic plan that ignores the values; for
        // "subject=X&code=CK" that plan read every CK row: 1.2 s instead of 0.5 ms. Plan with the values.
        ds.setConnectionInitSql("set plan_cache_mode = force_custom_plan");
        return ds;
    }
}
