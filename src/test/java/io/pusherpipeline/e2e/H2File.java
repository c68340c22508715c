package io.pusherpipeline.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the H2 file a jar under test writes, through its AUTO_SERVER while the jar still runs: every value as text. */
final class H2File {

    private H2File() {
    }

    /** {@code file}: the database's path without {@code .mv.db}, as in the jar's JDBC URL. */
    static List<List<String>> rows(Path file, String sql) throws SQLException {
        String url = "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Runs one statement that writes, beside the jar (a test sets up what only another process would write). */
    static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
