package io.pusherpipeline.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * PostgreSQL's advisory locks, one per purpose and schema, so that writers sharing a database
 * (replicas, two receivers) take turns at what they must not do at once.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /**
     * Waits for the lock of {@code purpose} on {@code schema}, held until the connection's transaction
     * ends ({@code pg_advisory_xact_lock}); PostgreSQL only.
     */
    public static void untilCommit(Connection c, String purpose, String schema) throws SQLException {
        call(c, "pg_advisory_xact_lock", purpose, schema);
    }

    /** {@code pg_advisory_lock} or {@code pg_advisory_unlock}: held by the session until unlocked. */
    static void call(Connection c, String function, String purpose, String schema) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(?)")) {
            s.setLong(1, ("pusher-pipeline " + purpose + " " + schema.toLowerCase(Locale.ROOT)).hashCode());
            s.execute();
        }
    }
}
