package io.pusherpipeline.webhooks;

import io.pusherpipeline.storage.AdvisoryLocks;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a transaction that writes the history (webhook batches, snapshot healing) begins, so that
 * those of two receivers sharing a database never interleave. On PostgreSQL they take turns on an
 * advisory lock per schema, at READ COMMITTED: serializable transactions there fail each other
 * (40001) even on disjoint channels, since their predicate locks cover index pages. Elsewhere the
 * transaction is serializable, and a collision is tried again.
 */
final class HistoryTransaction {

    private HistoryTransaction() {
    }

    static void begin(Connection c, String schema) throws SQLException {
        c.setAutoCommit(false);
        if (AdvisoryLocks.postgres(c)) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            AdvisoryLocks.untilCommit(c, "webhook history", schema);
        } else if (c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE)) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        }
    }
}
