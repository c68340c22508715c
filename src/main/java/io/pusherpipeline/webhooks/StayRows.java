package io.pusherpipeline.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of {@code presence_sessions} and {@code channel_occupancy} for one channel, inside the
 * caller's transaction. Only the rows webhooks opened are replaced; those a snapshot opened stay.
 */
final class StayRows {

    private final Connection c;
    private final String schema;

    StayRows(Connection c, String schema) {
        this.c = c;
        this.schema = schema;
    }

    /** The channel's open stays as the events that opened them (keys of their own, never stored). */
    List<WebhookEvent> openStaysAsEvents(String appId, String channel) throws SQLException {
        List<WebhookEvent> events = new ArrayList<>();
        String sessions = "SELECT user_id, joined_at FROM " + schema + ".presence_sessions WHERE app_id = ?"
                + " AND channel_name = ? AND left_at IS NULL AND joined_by = 'webhook'";
        for (Object[] row : select(sessions, appId, channel)) {
            events.add(opened(appId, channel, WebhookEvent.MEMBER_ADDED, (String) row[0], instant(row[1])));
        }
        String occupancy = "SELECT NULL, occupied_at FROM " + schema + ".channel_occupancy WHERE app_id = ?"
                + " AND channel_name = ? AND vacated_at IS NULL AND occupied_by = 'webhook'";
        for (Object[] row : select(occupancy, appId, channel)) {
            events.add(opened(appId, channel, WebhookEvent.CHANNEL_OCCUPIED, null, instant(row[1])));
        }
        return events;
    }

    /** Replaces the channel's webhook-opened stays that began at or after {@code from} with {@code stays}. */
    void replaceSince(String appId, String channel, Instant from, PresenceHistory.Stays stays) throws SQLException {
        delete("DELETE FROM " + schema + ".presence_sessions WHERE app_id = ? AND channel_name = ? AND joined_at >= ?"
                + " AND joined_by = 'webhook'", appId, channel, from);
        delete("DELETE FROM " + schema + ".channel_occupancy WHERE app_id = ? AND channel_name = ? AND occupied_at >= ?"
                + " AND occupied_by = 'webhook'", appId, channel, from);
        insert(appId, channel, stays);
    }

    /** Replaces the channel's open webhook-opened stays with {@code stays}. */
    void replaceOpen(String appId, String channel, PresenceHistory.Stays stays) throws SQLException {
        delete("DELETE FROM " + schema + ".presence_sessions WHERE app_id = ? AND channel_name = ? AND left_at IS NULL"
                + " AND joined_by = 'webhook'", appId, channel, null);
        delete("DELETE FROM " + schema + ".channel_occupancy WHERE app_id = ? AND channel_name = ? AND vacated_at IS NULL"
                + " AND occupied_by = 'webhook'", appId, channel, null);
        insert(appId, channel, stays);
    }

    private void insert(String appId, String channel, PresenceHistory.Stays stays) throws SQLException {
        String sessions = "INSERT INTO " + schema + ".presence_sessions (app_id, channel_name, user_id, joined_at, left_at,"
                + " joined_by, left_by) VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sessions)) {
            for (PresenceHistory.Session session : stays.sessions()) {
                s.setString(1, appId);
                s.setString(2, channel);
                s.setString(3, session.userId());
                setTime(s, 4, session.joinedAt());
                setTime(s, 5, session.leftAt());
                s.setString(6, session.joinedBy());
                s.setString(7, session.leftBy());
                s.addBatch();
            }
            s.executeBatch();
        }
        String occupancy = "INSERT INTO " + schema + ".channel_occupancy (app_id, channel_name, occupied_at, vacated_at,"
                + " occupied_by, vacated_by) VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(occupancy)) {
            for (PresenceHistory.Occupancy stay : stays.occupancy()) {
                s.setString(1, appId);
                s.setString(2, channel);
                setTime(s, 3, stay.occupiedAt());
                setTime(s, 4, stay.vacatedAt());
                s.setString(5, stay.occupiedBy());
                s.setString(6, stay.vacatedBy());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private List<Object[]> select(String sql, String appId, String channel) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            s.setString(2, channel);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getObject(2)});
                }
            }
            return rows;
        }
    }

    private void delete(String sql, String appId, String channel, Instant from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            s.setString(2, channel);
            if (from != null) {
                s.setObject(3, from.atOffset(ZoneOffset.UTC));
            }
            s.executeUpdate();
        }
    }

    private static WebhookEvent opened(String appId, String channel, String name, String userId, Instant at) {
        return new WebhookEvent("open " + name + " " + userId, appId, at.toEpochMilli(), name, channel, userId,
                null, null, null, null);
    }

    private static void setTime(PreparedStatement s, int index, Instant instant) throws SQLException {
        if (instant == null) {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(index, instant.atOffset(ZoneOffset.UTC));
        }
    }

    /** A TIMESTAMP WITH TIME ZONE as the drivers return it: OffsetDateTime, or Timestamp. */
    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime t ? t.toInstant() : ((Timestamp) value).toInstant();
    }
}
