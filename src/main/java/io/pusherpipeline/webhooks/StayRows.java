package io.pusherpipeline.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of {@code presence_sessions} and {@code channel_occupancy} for the channels of one batch,
 * inside the caller's transaction: one statement of each kind for all of them. Every row is derived
 * (by webhooks or snapshots), so every row of a re-derived range is replaced.
 */
final class StayRows {

    private final Connection c;
    private final String schema;
    private final KeyLists keys;

    StayRows(Connection c, String schema) throws SQLException {
        this.c = c;
        this.schema = schema;
        this.keys = new KeyLists(c);
    }

    /** The most channels one call of {@link #openStays} or {@link #replaceOpen} takes. */
    int keysPerQuery() {
        return keys.perQuery();
    }

    /**
     * The open stays of each of {@code channels} (of every channel of the app when null), with
     * what opened them; a channel without any is absent when {@code channels} is null.
     */
    Map<String, PresenceHistory.Stays> openStays(String appId, List<String> channels) throws SQLException {
        Map<String, List<PresenceHistory.Session>> sessions = new HashMap<>();
        Map<String, List<PresenceHistory.Occupancy>> occupancy = new HashMap<>();
        String in = channels == null ? "" : " AND " + keys.in("channel_name", channels.size());
        for (Object[] row : select("SELECT channel_name, user_id, joined_at, joined_by FROM " + schema + ".presence_sessions"
                + " WHERE app_id = ?" + in + " AND left_at IS NULL", appId, channels)) {
            sessions.computeIfAbsent((String) row[0], k -> new ArrayList<>())
                    .add(new PresenceHistory.Session((String) row[1], instant(row[2]), null, (String) row[3], null));
        }
        for (Object[] row : select("SELECT channel_name, NULL, occupied_at, occupied_by FROM " + schema + ".channel_occupancy"
                + " WHERE app_id = ?" + in + " AND vacated_at IS NULL", appId, channels)) {
            occupancy.computeIfAbsent((String) row[0], k -> new ArrayList<>())
                    .add(new PresenceHistory.Occupancy(instant(row[2]), null, (String) row[3], null));
        }
        Map<String, PresenceHistory.Stays> open = new HashMap<>();
        Set<String> found = new HashSet<>(sessions.keySet());
        found.addAll(occupancy.keySet());
        (channels == null ? found : channels).forEach(channel -> open.put(channel, new PresenceHistory.Stays(
                sessions.getOrDefault(channel, List.of()), occupancy.getOrDefault(channel, List.of()))));
        return open;
    }

    /** Replaces the channel's stays that began at or after {@code from} with {@code stays}. */
    void replaceSince(String appId, String channel, Instant from, PresenceHistory.Stays stays) throws SQLException {
        delete("DELETE FROM " + schema + ".presence_sessions WHERE app_id = ? AND channel_name = ? AND joined_at >= ?",
                appId, channel, from);
        delete("DELETE FROM " + schema + ".channel_occupancy WHERE app_id = ? AND channel_name = ? AND occupied_at >= ?",
                appId, channel, from);
        insert(appId, Map.of(channel, stays));
    }

    /**
     * Replaces the open stays of each channel ({@code open}, as {@link #openStays} read them) with its
     * new stays, writing only the rows that change ({@link OpenStayChanges}).
     */
    void replaceOpen(String appId, Map<String, PresenceHistory.Stays> open, Map<String, PresenceHistory.Stays> byChannel)
            throws SQLException {
        OpenStayChanges changes = OpenStayChanges.of(open, byChannel);
        deleteEach("DELETE FROM " + schema + ".presence_sessions WHERE app_id = ? AND channel_name = ? AND user_id = ?"
                + " AND joined_at = ? AND left_at IS NULL", appId, changes.removedSessions());
        deleteEach("DELETE FROM " + schema + ".channel_occupancy WHERE app_id = ? AND channel_name = ? AND occupied_at = ?"
                + " AND vacated_at IS NULL", appId, changes.removedOccupancy());
        insert(appId, changes.added());
    }

    /** Deletes open rows by their key, in one JDBC batch. */
    private void deleteEach(String sql, String appId, List<OpenStayChanges.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (OpenStayChanges.Row row : rows) {
                int i = 1;
                s.setString(i++, appId);
                s.setString(i++, row.channel());
                if (row.userId() != null) {
                    s.setString(i++, row.userId());
                }
                s.setObject(i, row.since().atOffset(ZoneOffset.UTC));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void insert(String appId, Map<String, PresenceHistory.Stays> byChannel) throws SQLException {
        new HistoryInserts(c, schema, keys.postgres()).stays(appId, byChannel);
    }

    private List<Object[]> select(String sql, String appId, List<String> channels) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            if (channels != null) {
                keys.bind(s, 2, channels);
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getObject(3), rs.getString(4)});
                }
            }
            return rows;
        }
    }

    private void delete(String sql, String appId, String channel, Instant from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            s.setString(2, channel);
            s.setObject(3, from.atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    /** A TIMESTAMP WITH TIME ZONE as the drivers return it: OffsetDateTime, or Timestamp. */
    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime t ? t.toInstant() : ((Timestamp) value).toInstant();
    }
}
