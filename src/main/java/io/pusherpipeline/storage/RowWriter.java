package io.pusherpipeline.storage;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import java.sql.Connection;
import java.sql.SQLException;

/** Writes one load's {@code apps_channels} and {@code channels_channel_users} rows on one connection, in its transaction. */
interface RowWriter extends AutoCloseable {

    /** PostgreSQL's bulk load (COPY) where the database is PostgreSQL, batched INSERTs elsewhere. */
    static RowWriter open(Connection c, Destination to, Snapshot snapshot) throws SQLException {
        return to.postgres() ? new CopyRows(c, to.schema(), snapshot) : new JdbcRowBatches(c, to.schema(), snapshot);
    }

    void add(ChannelState channel) throws SQLException;

    /** Sends the rows still held. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;
}
