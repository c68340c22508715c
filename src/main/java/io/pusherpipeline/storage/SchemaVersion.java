package io.pusherpipeline.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Brings the tables of one schema to the version this build writes ({@link #CURRENT}), keeping
 * their rows, or refuses tables made by a newer build, which this one could damage.
 */
final class SchemaVersion {

    /** The version {@code sql/schema.sql} creates. 1 was 0.1.0's, which had no pusher_schema table. */
    static final int CURRENT = 5;

    private static final int CREATE_ATTEMPTS = 5;

    private static final String TABLE_EXISTS = "SELECT COUNT(*) FROM information_schema.tables"
            + " WHERE LOWER(table_schema) = LOWER(?) AND LOWER(table_name) = ?";

    private SchemaVersion() {
    }

    /**
     * Upgrades (or creates) the tables; returns the version they had, 0 for none. Replicas starting
     * together on an empty database would create the same tables at once: on PostgreSQL they take
     * turns (an advisory lock per schema, held by this connection while it upgrades); elsewhere the
     * one that loses the race finds the tables made (or the version recorded) by the other, and looks again.
     */
    static int upgrade(Connection c, String schema, String destination) throws SQLException {
        boolean postgres = Destination.postgres(c);
        if (postgres) {
            AdvisoryLocks.call(c, "pg_advisory_lock", "schema", schema);
        }
        try {
            return upgradeRetried(c, schema, destination);
        } finally {
            if (postgres) {
                AdvisoryLocks.call(c, "pg_advisory_unlock", "schema", schema);
            }
        }
    }

    private static int upgradeRetried(Connection c, String schema, String destination) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return upgradeOnce(c, schema, destination);
            } catch (SQLException e) {
                if (attempt >= CREATE_ATTEMPTS || !createdMeanwhile(e)) {
                    throw e;
                }
            }
        }
    }

    /** Another connection created the same schema, table, index or row first (PostgreSQL's SQL states). */
    private static boolean createdMeanwhile(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.equals("42P07") || state.equals("42P06") || state.equals("42710"));
    }

    private static int upgradeOnce(Connection c, String schema, String destination) throws SQLException {
        int found = found(c, schema);
        if (found > CURRENT) {
            throw new StorageException("The tables in " + destination + " are schema version " + found
                    + ", made by a newer pusher-pipeline; this one writes version " + CURRENT
                    + " and leaves them alone. Run the newer pusher-pipeline, or point pusher.jdbc.url or"
                    + " pusher.jdbc.schema elsewhere.", null);
        }
        try (Statement s = c.createStatement()) {
            for (int version = found + 1; found > 0 && version <= CURRENT; version++) {
                String upgrade = "/sql/upgrade-" + version + ".sql";
                if (SchemaScript.exists(upgrade)) {
                    for (String sql : SchemaScript.statements(upgrade, schema)) {
                        s.execute(sql);
                    }
                }
            }
            for (String ddl : SchemaScript.statements(schema)) {
                s.execute(ddl);
            }
        }
        if (found < CURRENT) {
            record(c, schema);
        }
        return found;
    }

    /** The tables' version: the highest in pusher_schema, 1 for tables without it, 0 for no tables. */
    static int found(Connection c, String schema) throws SQLException {
        if (!exists(c, schema, "pusher_schema")) {
            return exists(c, schema, "pusher_loads") ? 1 : 0;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + schema + ".pusher_schema")) {
            rs.next();
            int version = rs.getInt(1);
            return rs.wasNull() ? (exists(c, schema, "pusher_loads") ? 1 : 0) : version;
        }
    }

    private static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TABLE_EXISTS)) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private static void record(Connection c, String schema) throws SQLException {
        String sql = "INSERT INTO " + schema + ".pusher_schema (version, applied_at) VALUES (?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, CURRENT);
            s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            s.executeUpdate();
        }
    }
}
