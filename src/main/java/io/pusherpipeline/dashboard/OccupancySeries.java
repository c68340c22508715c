package io.pusherpipeline.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Occupied channels over time, of every app: exact, from {@code channel_occupancy}, where webhooks
 * recorded occupancy within the window; otherwise one point per loaded snapshot (its channel count).
 */
final class OccupancySeries {

    private OccupancySeries() {
    }

    /** Drawn like a presence channel's members: app {@code all}, channel {@code occupied channels}. */
    static PresenceSeries.Series read(Connection c, String schema, int schemaVersion) throws SQLException {
        List<PresenceSeries.Point> exact = schemaVersion >= 3 ? fromOccupancy(c, schema) : List.of();
        return exact.isEmpty() ? new PresenceSeries.Series("all", "occupied channels", "snapshots", fromSnapshots(c, schema))
                : new PresenceSeries.Series("all", "occupied channels", "sessions", exact);
    }

    private static List<PresenceSeries.Point> fromOccupancy(Connection c, String schema) throws SQLException {
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minus(PresenceSeries.SESSIONS_WINDOW);
        try (PreparedStatement s = c.prepareStatement("SELECT occupied_at, vacated_at FROM " + schema + ".channel_occupancy"
                + " WHERE vacated_at IS NULL OR vacated_at >= ?")) {
            s.setObject(1, since);
            return PresenceSeries.steps(s, since);
        }
    }

    /** The latest loads' channel counts; with several apps, each load is a point of its own app's count. */
    private static List<PresenceSeries.Point> fromSnapshots(Connection c, String schema) throws SQLException {
        List<PresenceSeries.Point> points = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT started_at, channel_count FROM " + schema + ".pusher_loads"
                + " WHERE status = 'loaded' ORDER BY started_at DESC LIMIT " + PresenceSeries.SNAPSHOTS);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Integer channels = DashboardData.integer(rs, 2);
                points.add(0, new PresenceSeries.Point(rs.getObject(1, OffsetDateTime.class), channels == null ? 0 : channels));
            }
        }
        return points;
    }
}
