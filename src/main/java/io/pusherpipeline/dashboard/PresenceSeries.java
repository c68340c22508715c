package io.pusherpipeline.dashboard;

import io.pusherpipeline.storage.StoredText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Members over time of a presence channel: exact, from {@code presence_sessions}, where webhooks
 * recorded the channel; otherwise sampled, one point per loaded snapshot of its app (0 where a
 * snapshot did not list it).
 */
final class PresenceSeries {

    /** How many channels get a chart: the busiest. */
    static final int CHARTS = 8;
    static final int SNAPSHOTS = 100;
    static final Duration SESSIONS_WINDOW = Duration.ofHours(6);

    record Point(OffsetDateTime at, int members) {
    }

    /** {@code source} is {@code sessions} or {@code snapshots}. */
    record Series(String appId, String channel, String source, List<Point> points) {
    }

    private PresenceSeries() {
    }

    static List<Series> read(Connection c, String schema, int schemaVersion, List<DashboardData.Channel> channels)
            throws SQLException {
        List<Series> series = new ArrayList<>();
        for (DashboardData.Channel channel : channels) {
            List<Point> exact = schemaVersion >= 3 ? fromSessions(c, schema, channel) : List.of();
            series.add(exact.isEmpty() ? new Series(channel.appId(), channel.name(), "snapshots", fromSnapshots(c, schema, channel))
                    : new Series(channel.appId(), channel.name(), "sessions", exact));
        }
        return series;
    }

    private static List<Point> fromSnapshots(Connection c, String schema, DashboardData.Channel channel) throws SQLException {
        String sql = "SELECT l.started_at, c.user_count FROM " + schema + ".pusher_loads l LEFT JOIN " + schema
                + ".apps_channels c ON c.load_id = l.load_id AND c.channel_name = ? WHERE l.app_id = ? AND l.status = 'loaded'"
                + " ORDER BY l.started_at DESC LIMIT " + SNAPSHOTS;
        List<Point> points = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, channel.name());
            s.setString(2, channel.appId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Integer members = DashboardData.integer(rs, 2);
                    points.add(0, new Point(rs.getObject(1, OffsetDateTime.class), members == null ? 0 : members));
                }
            }
        }
        return points;
    }

    /**
     * A step per join and leave within the window; the first point counts who was there when it began.
     * The sessions hold the channel's name as the webhook stored it ({@link StoredText#store}).
     */
    private static List<Point> fromSessions(Connection c, String schema, DashboardData.Channel channel) throws SQLException {
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minus(SESSIONS_WINDOW);
        try (PreparedStatement s = c.prepareStatement("SELECT joined_at, left_at FROM " + schema + ".presence_sessions"
                + " WHERE app_id = ? AND channel_name = ? AND (left_at IS NULL OR left_at >= ?)")) {
            s.setString(1, channel.appId());
            s.setString(2, StoredText.store(channel.name()));
            s.setObject(3, since);
            return steps(s, since);
        }
    }

    /**
     * How many stays (rows of start and end, end null while open) were open over the window, a step per
     * start and end in it; drawn from the first start when every stay began within the window. Empty with no stay.
     */
    static List<Point> steps(PreparedStatement stays, OffsetDateTime since) throws SQLException {
        int atStart = 0;
        Map<OffsetDateTime, Integer> steps = new TreeMap<>();
        try (ResultSet rs = stays.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime began = rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
                OffsetDateTime ended = rs.getObject(2, OffsetDateTime.class);
                if (began.isBefore(since)) {
                    atStart++;
                } else {
                    steps.merge(began, 1, Integer::sum);
                }
                if (ended != null) {
                    steps.merge(ended.withOffsetSameInstant(ZoneOffset.UTC), -1, Integer::sum);
                }
            }
        }
        if (steps.isEmpty() && atStart == 0) {
            return List.of();
        }
        OffsetDateTime start = atStart > 0 ? since : steps.keySet().iterator().next();
        List<Point> points = new ArrayList<>(List.of(new Point(start, atStart)));
        int open = atStart;
        for (Map.Entry<OffsetDateTime, Integer> step : steps.entrySet()) {
            open += step.getValue();
            points.add(new Point(step.getKey(), open));
        }
        points.add(new Point(OffsetDateTime.now(ZoneOffset.UTC), open));
        return points;
    }
}
