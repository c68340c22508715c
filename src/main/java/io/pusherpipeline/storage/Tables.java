package io.pusherpipeline.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Creates the tables of {@code sql/schema.sql} that are missing, for writers other than the snapshot sink. */
public final class Tables {

    private Tables() {
    }

    /** Through the schema version, like the snapshot sink: older tables upgraded, newer ones refused. */
    public static void create(DataSource dataSource, String schema, String destination) {
        try (Connection c = dataSource.getConnection()) {
            SchemaVersion.upgrade(c, schema, destination);
        } catch (SQLException e) {
            throw new StorageException("Cannot create the tables in " + destination + ": " + e.getMessage(), e);
        }
    }

    /** {@link #create(DataSource, String, String)} in the destination's database. */
    public static void create(Destination to) {
        create(to.dataSource(), to.schema(), to.printable());
    }

    /** The schema name, checked to be a plain SQL identifier. */
    public static String checkedSchema(String schema) {
        return SchemaScript.checkedSchema(schema);
    }
}
