package io.pusherpipeline.dashboard;

import io.pusherpipeline.history.StoredHistory;
import io.pusherpipeline.storage.StoredLoads;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows, read from the tables without writing: the latest loads, the rows per
 * table, the current channels with their members, presence channels first and the busiest first (at
 * most {@link #CHANNELS}, so the page stays small with 10,000 channels), the members over time of the busiest presence
 * channels, the occupied channels over time, and the channel history's busiest channels and gaps.
 */
final class DashboardData {

    static final int LOADS = 10;
    static final int CHANNELS = 100;

    /** A current channel as the page lists it; {@code members} empty for channels that are not presence channels. */
    record Channel(String appId, String name, String type, Integer subscriptionCount, Integer userCount, List<String> members) {
    }

    record Channels(long total, List<Channel> shown) {
    }

    /** {@code history} null before schema version {@value StoredHistory#FIRST_VERSION}. */
    record Page(int schemaVersion, List<StoredLoads.Load> loads, Map<String, Long> rowsPerTable, Channels channels,
                List<PresenceSeries.Series> presence, PresenceSeries.Series occupancy, StoredHistory.Summary history) {
    }

    private DashboardData() {
    }

    static Page read(Connection c, String schema) throws SQLException {
        String checked = Tables.checkedSchema(schema);
        StoredLoads.Report report = StoredLoads.read(c, checked, LOADS);
        if (report.schemaVersion() == 0) {
            return new Page(0, List.of(), Map.of(), new Channels(0, List.of()), List.of(), null, null);
        }
        Channels channels = currentChannels(c, checked);
        List<Channel> presence = channels.shown().stream().filter(ch -> ch.userCount() != null).limit(PresenceSeries.CHARTS).toList();
        return new Page(report.schemaVersion(), report.latest(), report.rowsPerTable(), channels,
                PresenceSeries.read(c, checked, report.schemaVersion(), presence), OccupancySeries.read(c, checked, report.schemaVersion()),
                report.schemaVersion() >= StoredHistory.FIRST_VERSION ? StoredHistory.read(c, checked) : null);
    }

    private static Channels currentChannels(Connection c, String schema) throws SQLException {
        long total;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + schema + ".current_channels");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            total = rs.getLong(1);
        }
        String sql = "SELECT app_id, channel_name, channel_type, subscription_count, user_count, load_id FROM " + schema
                + ".current_channels ORDER BY CASE WHEN user_count IS NULL THEN 1 ELSE 0 END,"
                + " COALESCE(user_count, subscription_count, 0) DESC, app_id, channel_name LIMIT " + CHANNELS;
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), integer(rs, 4), integer(rs, 5), rs.getObject(6)});
            }
        }
        String membersSql = "SELECT user_id FROM " + schema + ".channels_channel_users WHERE load_id = ? AND channel_name = ? ORDER BY user_id";
        List<Channel> shown = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(membersSql)) {
            for (Object[] row : rows) {
                List<String> users = new ArrayList<>();
                if (row[4] != null) {
                    s.setObject(1, row[5]);
                    s.setString(2, (String) row[1]);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            users.add(rs.getString(1));
                        }
                    }
                }
                shown.add(new Channel((String) row[0], (String) row[1], (String) row[2], (Integer) row[3], (Integer) row[4],
                        Collections.unmodifiableList(users)));
            }
        }
        return new Channels(total, shown);
    }

    static Integer integer(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Math.toIntExact(value);
    }
}
