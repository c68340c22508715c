package io.pusherpipeline.show;

import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads what the webhook receiver stored, without writing: the events received and the open presence sessions. */
final class StoredWebhooks {

    /** The schema version that added the webhook tables. */
    static final int FIRST_VERSION = 3;

    /** How many channels are listed, most open sessions first. */
    static final int TOP_CHANNELS = 5;

    /** A channel of {@code presence_now} (its name as received, not as stored) and how many sessions are open in it. */
    record OpenChannel(String appId, String channelName, long sessions) {
    }

    /** {@code latestAt} is null when no event was received; {@code rejects}: events left out of the history. */
    record Summary(long events, OffsetDateTime latestAt, long openSessions, List<OpenChannel> topChannels, long rejects) {
    }

    /** The first version with {@code webhook_rejects}. */
    static final int REJECTS_VERSION = 4;

    private StoredWebhooks() {
    }

    static Summary read(Connection c, String schema, int version) throws SQLException {
        String checked = Tables.checkedSchema(schema);
        long events;
        OffsetDateTime latest;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), MAX(received_at) FROM " + checked + ".webhook_events");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            events = rs.getLong(1);
            latest = rs.getObject(2, OffsetDateTime.class);
        }
        long open;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + checked + ".presence_now");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            open = rs.getLong(1);
        }
        long rejects = 0;
        if (version >= REJECTS_VERSION) {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + checked + ".webhook_rejects");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                rejects = rs.getLong(1);
            }
        }
        return new Summary(events, latest, open, topChannels(c, checked), rejects);
    }

    private static List<OpenChannel> topChannels(Connection c, String schema) throws SQLException {
        String sql = "SELECT app_id, channel_name, COUNT(*) AS sessions FROM " + schema + ".presence_now"
                + " GROUP BY app_id, channel_name ORDER BY sessions DESC, app_id, channel_name LIMIT " + TOP_CHANNELS;
        List<OpenChannel> channels = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                channels.add(new OpenChannel(rs.getString(1), StoredText.read(rs.getString(2)), rs.getLong(3)));
            }
        }
        return channels;
    }
}
