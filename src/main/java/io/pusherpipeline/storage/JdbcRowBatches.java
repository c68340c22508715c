package io.pusherpipeline.storage;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** The INSERTs of one load's {@code apps_channels} and {@code channels_channel_users} rows, sent in batches. */
final class JdbcRowBatches implements RowWriter {

    private static final int BATCH_ROWS = 1000;

    private final Snapshot snapshot;
    private final PreparedStatement channels;
    private final PreparedStatement members;
    private int pendingChannels;
    private int pendingMembers;

    JdbcRowBatches(Connection c, String schema, Snapshot snapshot) throws SQLException {
        this.snapshot = snapshot;
        this.channels = c.prepareStatement("INSERT INTO " + schema + ".apps_channels (load_id, app_id, snapshot_at,"
                + " channel_name, channel_type, subscription_count, user_count) VALUES (?, ?, ?, ?, ?, ?, ?)");
        try {
            this.members = c.prepareStatement("INSERT INTO " + schema + ".channels_channel_users (load_id, app_id,"
                    + " snapshot_at, channel_name, user_id) VALUES (?, ?, ?, ?, ?)");
        } catch (SQLException e) {
            channels.close();
            throw e;
        }
    }

    @Override
    public void add(ChannelState channel) throws SQLException {
        channels.setObject(1, snapshot.loadId());
        channels.setString(2, snapshot.appId());
        channels.setObject(3, snapshot.startedAt());
        channels.setString(4, channel.name());
        channels.setString(5, channel.type().label());
        setInteger(channels, 6, channel.subscriptionCount());
        setInteger(channels, 7, channel.userCount());
        channels.addBatch();
        if (++pendingChannels == BATCH_ROWS) {
            channels.executeBatch();
            pendingChannels = 0;
        }
        if (channel.userIds() == null) {
            return;
        }
        for (String userId : channel.userIds()) {
            members.setObject(1, snapshot.loadId());
            members.setString(2, snapshot.appId());
            members.setObject(3, snapshot.startedAt());
            members.setString(4, channel.name());
            members.setString(5, userId);
            members.addBatch();
            if (++pendingMembers == BATCH_ROWS) {
                members.executeBatch();
                pendingMembers = 0;
            }
        }
    }

    @Override
    public void flush() throws SQLException {
        if (pendingChannels > 0) {
            channels.executeBatch();
            pendingChannels = 0;
        }
        if (pendingMembers > 0) {
            members.executeBatch();
            pendingMembers = 0;
        }
    }

    @Override
    public void close() throws SQLException {
        try (channels; members) {
            // Both statements closed, even when one fails.
        }
    }

    static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }
}
