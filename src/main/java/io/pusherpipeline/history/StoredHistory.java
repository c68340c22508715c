package io.pusherpipeline.history;

import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code show} and the dashboard say of the channel history, read without writing: the channels
 * with events in the last {@link #WINDOW}, the busiest first, with their events per minute and how many
 * of them the archiver brought; and the latest times without history ({@code channel_gaps}).
 */
public final class StoredHistory {

    /** The schema version that added {@code channel_events} and {@code channel_gaps}. */
    public static final int FIRST_VERSION = 5;
    public static final Duration WINDOW = Duration.ofMinutes(10);
    static final int CHANNELS = 20;
    static final int GAPS = 10;

    /** A channel's events within the window; {@code archived}: those of them with source {@code archiver}. */
    public record Channel(String appId, String channel, long events, long archived, double perMinute, OffsetDateTime latestAt) {
    }

    /** {@code endedAt} null: still not connected. */
    public record Gap(String appId, OffsetDateTime startedAt, OffsetDateTime endedAt, String reason) {
    }

    /** {@code channelsInWindow}: every channel with an event in the window, of which {@code channels} are the busiest. */
    public record Summary(long channelsInWindow, List<Channel> channels, List<Gap> gaps) {
    }

    private StoredHistory() {
    }

    public static Summary read(Connection c, String schema) throws SQLException {
        String checked = Tables.checkedSchema(schema);
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minus(WINDOW);
        String recent = " FROM " + checked + ".channel_events WHERE occurred_at >= ?";
        long inWindow;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM (SELECT DISTINCT app_id, channel_name" + recent + ") t")) {
            s.setObject(1, since);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                inWindow = rs.getLong(1);
            }
        }
        List<Channel> channels = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT app_id, channel_name, COUNT(*) AS events,"
                + " SUM(CASE WHEN source = 'archiver' THEN 1 ELSE 0 END), MAX(occurred_at)" + recent
                + " GROUP BY app_id, channel_name ORDER BY events DESC, app_id, channel_name LIMIT " + CHANNELS)) {
            s.setObject(1, since);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long events = rs.getLong(3);
                    channels.add(new Channel(StoredText.read(rs.getString(1)), StoredText.read(rs.getString(2)), events,
                            rs.getLong(4), events / (double) WINDOW.toMinutes(), rs.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        List<Gap> gaps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT app_id, started_at, ended_at, reason FROM " + checked
                + ".channel_gaps ORDER BY started_at DESC, app_id LIMIT " + GAPS); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                gaps.add(new Gap(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getObject(3, OffsetDateTime.class),
                        rs.getString(4)));
            }
        }
        return new Summary(inWindow, channels, gaps);
    }
}
