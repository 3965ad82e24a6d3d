package org.imnm.fhir.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts many rows into one table with one statement: an array per column, unnested by Postgres. The
 * statement's text is the same however many rows there are, where a JDBC batch becomes multi-row VALUES
 * statements that Postgres parses and plans again for each size; any number of rows is one round trip.
 */
public final class UnnestInsert<T> {

    /**
     * A column: its name, Postgres type and value in each row. A {@code timestamptz} column takes values in
     * Postgres' text form ("2025-01-01T00:00:00Z", "infinity"): the driver's array encoding has no infinities.
     */
    public record Column<T>(String name, String type, Function<? super T, Object> value) {}

    public static <T> Column<T> column(String name, String type, Function<? super T, Object> value) {
        return new Column<>(name, type, value);
    }

    /**
     * An insert whose rows are {@code Object[]}s holding the values in column order; {@code namesAndTypes}
     * alternates each column's name and Postgres type.
     */
    public static UnnestInsert<Object[]> ofArrays(String table, String... namesAndTypes) {
        List<Column<Object[]>> columns = new ArrayList<>();
        for (int c = 0; c < namesAndTypes.length; c += 2) {
            int position = c / 2;
            columns.add(column(namesAndTypes[c], namesAndTypes[c + 1], row -> row[position]));
        }
        return new UnnestInsert<>(table, columns);
    }

    private final String table;
    private final List<Column<T>> columns;
    private final String derivedName;
    private final String derivedExpression;
    private final String sql;

    public UnnestInsert(String table, List<Column<T>> columns) {
        this(table, columns, null, null);
    }

    private UnnestInsert(String table, List<Column<T>> columns, String derivedName, String derivedExpression) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.derivedName = derivedName;
        this.derivedExpression = derivedExpression;
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        this.sql = "insert into " + table + " (" + names + (derivedName == null ? "" : ", " + derivedName)
                + ") select u.*" + (derivedExpression == null ? "" : ", " + derivedExpression) + " from unnest("
                + columns.stream().map(c -> "?::" + c.type() + "[]").collect(Collectors.joining(", "))
                + ") as u (" + names + ")";
    }

    /**
     * The same insert with one more column, which Postgres computes for each row from a SQL expression over
     * the row's other columns ({@code u.name}); fixed text, never a value.
     */
    public UnnestInsert<T> withDerivedColumn(String name, String sqlExpression) {
        return new UnnestInsert<>(table, columns, name, sqlExpression);
    }

    public void insert(JdbcTemplate jdbc, List<? extends T> rows) {
        if (rows.isEmpty()) return;
        jdbc.update(sql, ps -> {
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                Object[] values = new Object[rows.size()];
                for (int r = 0; r < values.length; r++) values[r] = column.value().apply(rows.get(r));
                String sentAs = column.type().equals("timestamptz") ? "text" : column.type();
                ps.setArray(c + 1, ps.getConnection().createArrayOf(sentAs, values));
            }
        });
    }
}
