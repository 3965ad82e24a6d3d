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
    private final String replaceSql;

    public UnnestInsert(String table, List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String rows = "select "
                + columns.stream().map(c -> isArray(c) ? "u." + c.name() + "::" + c.type() : "u." + c.name())
                        .collect(Collectors.joining(", "))
                + " from unnest(" + columns.stream().map(c -> "?::" + (isArray(c) ? "text" : c.type()) + "[]")
                        .collect(Collectors.joining(", "))
                + ") as u (" + names + ")";
        this.sql = "insert into " + table + " (" + names + ") " + rows;
        // The rows of the owners (first column) that differ: a row equal in every column is left in place.
        String owner = columns.get(0).name();
        String same = columns.size() == 1 ? "true" : "(" + qualified("n", columns.subList(1, columns.size()))
                + ") is not distinct from (" + qualified("t", columns.subList(1, columns.size())) + ")";
        this.replaceSql = "with n (" + names + ") as (" + rows + "), gone as (delete from " + table + " t where t."
                + owner + " = any (?::" + columns.get(0).type() + "[]) and not exists (select 1 from n where n." + owner
                + " = t." + owner + " and " + same + ")) insert into " + table + " (" + names + ") select " + names
                + " from n where not exists (select 1 from " + table + " t where t." + owner + " = n." + owner
                + " and " + same + ")";
    }

    private static String qualified(String alias, List<? extends Column<?>> columns) {
        return columns.stream().map(c -> alias + "." + c.name()).collect(Collectors.joining(", "));
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
        jdbc.update(sql, ps -> setRows(ps, rows));
    }

    /**
     * Makes {@code rows} the table's rows of {@code owners} (values of the first column; each row's first
     * value must be one of them), in one statement that deletes only the rows no longer there and inserts
     * only the new ones. Rows that stay are not rewritten, so re-deriving unchanged data writes nothing:
     * no dead tuples, no index entries to vacuum. Duplicate rows already in the table are left as they are.
     */
    public void replace(JdbcTemplate jdbc, List<?> owners, List<? extends T> rows) {
        if (owners.isEmpty()) return;
        jdbc.update(replaceSql, ps -> {
            setRows(ps, rows);
            ps.setArray(columns.size() + 1, ps.getConnection().createArrayOf(sentAs(columns.get(0)), owners.toArray()));
        });
    }

    private void setRows(java.sql.PreparedStatement ps, List<? extends T> rows) throws java.sql.SQLException {
        for (int c = 0; c < columns.size(); c++) {
            Column<T> column = columns.get(c);
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < values.length; r++) values[r] = column.value().apply(rows.get(r));
            ps.setArray(c + 1, ps.getConnection().createArrayOf(sentAs(column), values));
        }
    }
}
