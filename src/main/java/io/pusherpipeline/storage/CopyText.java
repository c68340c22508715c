package io.pusherpipeline.storage;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Rows for one table in COPY's text format, sent at once with PostgreSQL's {@code COPY ... FROM
 * STDIN} in the connection's transaction: one statement for every row, where a JDBC batch of
 * INSERTs is executed row by row by pgjdbc. ({@link CopyRows} streams a load's rows instead.)
 */
public final class CopyText {

    private final StringBuilder rows = new StringBuilder(8192);
    private boolean inRow;

    /** The next value of the row: null is SQL NULL, anything else its {@code toString()}. */
    public CopyText add(Object value) {
        if (inRow) {
            rows.append('\t');
        }
        inRow = true;
        if (value == null) {
            rows.append("\\N");
        } else {
            escape(rows, value.toString());
        }
        return this;
    }

    public CopyText endRow() {
        rows.append('\n');
        inRow = false;
        return this;
    }

    /** {@code COPY table (columns) FROM STDIN} with the rows added; nothing when there are none. */
    public void copyInto(Connection c, String table, String columns) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN",
                    new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** COPY's text format: a backslash, tab, newline or carriage return in a value is escaped. */
    static StringBuilder escape(StringBuilder row, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(ch);
            }
        }
        return row;
    }
}
