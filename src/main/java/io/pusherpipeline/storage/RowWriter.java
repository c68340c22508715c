package io.pusherpipeline.storage;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import java.sql.Connection;
import java.sql.SQLException;

/** Writes one load's {@code apps_channels} and {@code channels_channel_users} rows on one connection, in its transaction. */
interface RowWriter extends AutoCloseable {

    /**
     * PostgreSQL's bulk load (COPY) where the database is PostgreSQL, batched INSERTs elsewhere; the
     * URL is looked at first, so that no other database loads the PostgreSQL driver's classes.
     */
    static RowWriter open(Connection c, String schema, Snapshot snapshot) throws SQLException {
        return CopyText.canCopy(c) ? new CopyRows(c, schema, snapshot) : new JdbcRowBatches(c, schema, snapshot);
    }

    void add(ChannelState channel) throws SQLException;

    /** Sends the rows still held. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;
}
