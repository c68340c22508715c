package io.pusherpipeline.webhooks;

import io.pusherpipeline.history.ChannelLocks;
import io.pusherpipeline.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;

/**
 * Transactions that hold the locks of the channels they write ({@link ChannelLocks}), tried again
 * when they collide with another's: the webhook store's and its healing's one way to write.
 */
final class LockedTransactions {

    static final int ATTEMPTS = 3;

    /** The pool once its tables exist, and whether it is PostgreSQL's. */
    record Prepared(DataSource dataSource, boolean postgres) {
    }

    interface Database {
        Prepared prepared() throws SQLException;
    }

    private final Database database;
    private final String schema;
    private final String destination;

    /** {@code destination}: the database as the errors name it, without secrets. */
    LockedTransactions(Database database, String schema, String destination) {
        this.database = database;
        this.schema = schema;
        this.destination = destination;
    }

    interface Work<T> {
        T in(Connection c) throws SQLException;
    }

    /**
     * Runs the work in one transaction holding the channels' locks ({@link ChannelLocks}): in this
     * JVM before the transaction begins, on PostgreSQL inside it. Tried again when it collided with another.
     */
    <T> T inTurn(Collection<String> channels, Work<T> work, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(channels, work);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !collided(e)) {
                    throw new StorageException("Cannot " + what + " in " + destination + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private <T> T once(Collection<String> channels, Work<T> work) throws SQLException {
        Prepared db = database.prepared();
        boolean postgres = db.postgres();
        try (ChannelLocks inJvm = postgres ? ChannelLocks.NONE : ChannelLocks.inJvm(schema, channels);
             Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (postgres) {
                    ChannelLocks.inDatabase(c, schema, channels);
                }
                T result = work.in(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    /** DuckDB has already ended a transaction that failed to commit: the first failure is the one to tell. */
    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Another transaction stored the same event first (23505), they waited on each other (40001, 40P01),
     * or, on DuckDB (no SQL state), one's optimistic commit met the other's rows.
     */
    static boolean collided(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (collision(s) || s.getCause() instanceof SQLException cause && collision(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean collision(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("conflict");
        }
        return state.startsWith("40") || state.equals("23505");
    }
}
