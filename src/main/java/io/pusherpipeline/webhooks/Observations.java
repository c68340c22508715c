package io.pusherpipeline.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What loaded snapshots observed, read from the rows they stored ({@code pusher_loads},
 * {@code apps_channels}, {@code channels_channel_users}), inside the caller's transaction. A load
 * observes the channels starting with its {@code members_prefix}; one without it (no members
 * asked, an older build, rows pruned) observes nothing.
 */
final class Observations {

    /** One loaded snapshot that listed members: the channels it covers start with {@code prefix}. */
    record Load(String loadId, Instant at, Instant until, String prefix) {

        boolean covers(String channel) {
            return channel.startsWith(prefix);
        }
    }

    private static final String LOADS = "SELECT l.load_id, l.started_at, l.finished_at, l.members_prefix FROM %s.pusher_loads l"
            + " WHERE l.app_id = ? AND l.status = 'loaded' AND l.members_prefix IS NOT NULL";

    private final Connection c;
    private final String schema;

    Observations(Connection c, String schema) {
        this.c = c;
        this.schema = schema;
    }

    /** The load, or null when it observed nothing. */
    Load load(String appId, UUID loadId) throws SQLException {
        List<Load> loads = loads(LOADS.formatted(schema) + " AND l.load_id = ?", appId, loadId);
        return loads.isEmpty() ? null : loads.get(0);
    }

    /**
     * The loads whose members calls ran until {@code since} or later. Snapshots of an app never
     * overlap, so only the last one started before {@code since} can reach it: the bound keeps to the index.
     */
    List<Load> reaching(String appId, Instant since) throws SQLException {
        String sql = LOADS.formatted(schema) + " AND l.finished_at >= ? AND l.started_at >= COALESCE((SELECT MAX(x.started_at)"
                + " FROM " + schema + ".pusher_loads x WHERE x.app_id = ? AND x.status = 'loaded' AND x.started_at <= ?), ?)";
        return loads(sql, appId, utc(since), appId, utc(since), utc(since));
    }

    /** The channels the load listed, with the members of each (none for channels without members). */
    Map<String, Set<String>> listed(UUID loadId) throws SQLException {
        Map<String, Set<String>> listed = new HashMap<>();
        for (String[] row : rows("SELECT channel_name, NULL FROM " + schema + ".apps_channels WHERE load_id = ?", loadId)) {
            listed.put(row[0], new HashSet<>());
        }
        for (String[] row : rows("SELECT channel_name, user_id FROM " + schema + ".channels_channel_users WHERE load_id = ?", loadId)) {
            listed.computeIfAbsent(row[0], k -> new HashSet<>()).add(row[1]);
        }
        return listed;
    }

    private List<Load> loads(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepared(sql, parameters); ResultSet rs = s.executeQuery()) {
            List<Load> loads = new ArrayList<>();
            while (rs.next()) {
                loads.add(new Load(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
            }
            return loads;
        }
    }

    private List<String[]> rows(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepared(sql, parameters); ResultSet rs = s.executeQuery()) {
            List<String[]> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            return rows;
        }
    }

    private PreparedStatement prepared(String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s;
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
