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
     * So does an array column ({@code int8[]}: "{1,2}").
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

    private final List<Column<T>> columns;
    private final String sql;

    public UnnestInsert(String table, List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        this.sql = "insert into " + table + " (" + names + ") select "
                + columns.stream().map(c -> isArray(c) ? "u." + c.name() + "::" + c.type() : "u." + c.name())
                        .collect(Collectors.joining(", "))
                + " from unnest(" + columns.stream().map(c -> "?::" + (isArray(c) ? "text" : c.type()) + "[]")
                        .collect(Collectors.joining(", "))
                + ") as u (" + names + ")";
    }

    /**
     * An array column ("int8[]") takes each row's value in Postgres' text form ("{1,2}"): unnesting an
     * array of arrays would flatten it, so the rows' values go as text and are cast back per row.
     */
    private static boolean isArray(Column<?> column) {
        return column.type().endsWith("[]");
    }

    private static String sentAs(Column<?> column) {
        return isArray(column) || column.type().equals("timestamptz") ? "text" : column.type();
    }

    public void insert(JdbcTemplate jdbc, List<? extends T> rows) {
        if (rows.isEmpty()) return;
        jdbc.update(sql, ps -> {
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                Object[] values = new Object[rows.size()];
                for (int r = 0; r < values.length; r++) values[r] = column.value().apply(rows.get(r));
                ps.setArray(c + 1, ps.getConnection().createArrayOf(sentAs(column), values));
            }
        });
    }
}
