package io.pusherpipeline.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the tables of {@code sql/schema.sql} that are missing, for writers other than the snapshot sink. */
public final class Tables {

    private Tables() {
    }

    public static void create(DataSource dataSource, String schema, String destination) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : SchemaScript.statements(schema)) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot create the tables in " + destination + ": " + e.getMessage(), e);
        }
    }

    /** The schema name, checked to be a plain SQL identifier. */
    public static String checkedSchema(String schema) {
        return SchemaScript.checkedSchema(schema);
    }
}
