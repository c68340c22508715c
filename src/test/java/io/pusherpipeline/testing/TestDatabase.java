package io.pusherpipeline.testing;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh, real database for one test: in-memory H2, a DuckDB file under target/, or the
 * PostgreSQL server named by PUSHER_TEST_PG_URL (its pusher_data schema dropped first).
 * Rows read back are normalized (UUIDs as text, timestamps as Instant, DECIMAL counts as Long)
 * so the same assertion holds on each.
 */
public record TestDatabase(String name, String url, String user, String password) {

    /** What a developer without the variables is told; CI (.ci/run) always sets them. */
    public static final String POSTGRES_HOW_TO = "The PostgreSQL tests need a real server and were not given one:"
            + " run `.ci/test` (starts a throwaway PostgreSQL, then runs every test), or `.ci/with-postgres mvn -B verify`,"
            + " or set PUSHER_TEST_PG_URL (e.g. jdbc:postgresql://127.0.0.1:5432/postgres), PUSHER_TEST_PG_USER and"
            + " PUSHER_TEST_PG_PASSWORD for a server whose pusher_data schema the tests may drop.";

    public static TestDatabase h2() {
        return new TestDatabase("H2", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
    }

    public static TestDatabase duckDb() {
        Path folder = Path.of(System.getProperty("basedir", "."), "target", "duckdb-tests");
        return new TestDatabase("DuckDB", "jdbc:duckdb:" + folder.resolve(UUID.randomUUID() + ".duckdb"), "", "");
    }

    /** The server of PUSHER_TEST_PG_URL with no pusher_data schema; fails (never skips) when it is not set. */
    public static TestDatabase postgres() {
        String url = System.getenv("PUSHER_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new AssertionError(POSTGRES_HOW_TO);
        }
        TestDatabase db = new TestDatabase("PostgreSQL", url, env("PUSHER_TEST_PG_USER"), env("PUSHER_TEST_PG_PASSWORD"));
        db.execute("DROP SCHEMA IF EXISTS pusher_data CASCADE");
        return db;
    }

    public Connection connect() throws SQLException {
        if (url.startsWith("jdbc:duckdb:") && url.length() > "jdbc:duckdb:".length()) {
            try {
                Files.createDirectories(Path.of(url.substring("jdbc:duckdb:".length())).getParent());
            } catch (java.io.IOException e) {
                throw new SQLException(e);
            }
        }
        return user.isEmpty() ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    }

    /** Runs statements (DDL, inserts) in one connection. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    public List<List<Object>> rows(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(normalized(rs.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The column names of a query, lower case. */
    public List<String> columns(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        }
    }

    static Object normalized(Object value) {
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof Integer || value instanceof Short) {
            return ((Number) value).intValue();
        }
        if (value instanceof BigDecimal || value instanceof java.math.BigInteger) {
            return ((Number) value).longValue();
        }
        return value;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    @Override
    public String toString() {
        return name;
    }
}
