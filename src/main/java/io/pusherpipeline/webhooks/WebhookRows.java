package io.pusherpipeline.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SQL of the webhook tables on one connection, inside the caller's transaction. */
final class WebhookRows {

    private static final List<String> HISTORY_EVENTS = List.of(WebhookEvent.MEMBER_ADDED, WebhookEvent.MEMBER_REMOVED,
            WebhookEvent.CHANNEL_OCCUPIED, WebhookEvent.CHANNEL_VACATED);

    private final Connection c;
    private final String schema;
    private final KeyLists keys;
    private final boolean h2;

    WebhookRows(Connection c, String schema) throws SQLException {
        this.c = c;
        this.schema = schema;
        this.keys = new KeyLists(c);
        this.h2 = c.getMetaData().getURL().startsWith("jdbc:h2:");
    }

    /** The most channels one call of {@link #latestHistoryTimes} takes. */
    int keysPerQuery() {
        return keys.perQuery();
    }

    /** What the loaded snapshots observed, on the same connection. */
    Observations observations() {
        return new Observations(c, schema);
    }

    /** The events of the batch not stored yet (nor earlier in the same batch). */
    List<WebhookEvent> unseen(List<WebhookEvent> events) throws SQLException {
        Set<String> seen = new HashSet<>();
        for (int from = 0; from < events.size(); from += keys.perQuery()) {
            List<WebhookEvent> part = events.subList(from, Math.min(events.size(), from + keys.perQuery()));
            String sql = "SELECT event_key FROM " + schema + ".webhook_events WHERE " + keys.in("event_key", part.size());
            try (PreparedStatement s = c.prepareStatement(sql)) {
                keys.bind(s, 1, part.stream().map(WebhookEvent::eventKey).toList());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                }
            }
        }
        return events.stream().filter(e -> seen.add(e.eventKey())).toList();
    }

    void insert(List<WebhookEvent> events, OffsetDateTime receivedAt) throws SQLException {
        new HistoryInserts(c, schema, keys.postgres()).events(events, receivedAt);
    }

    /**
     * The time_ms of the channel's latest channel_vacated before {@code before}, or null: it closed
     * every stay, so what came before it cannot change anything after it.
     */
    Long lastVacatedBefore(String appId, String channel, long before) throws SQLException {
        String sql = "SELECT MAX(time_ms) FROM " + schema + ".webhook_events"
                + " WHERE app_id = ? AND channel_name = ? AND event_name = ? AND time_ms < ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            s.setString(2, channel);
            s.setString(3, WebhookEvent.CHANNEL_VACATED);
            s.setLong(4, before);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long value = rs.getLong(1);
                return rs.wasNull() ? null : value;
            }
        }
    }

    /** The channel's stored events that shape its history, from {@code fromMs} on. */
    List<WebhookEvent> historyEvents(String appId, String channel, long fromMs) throws SQLException {
        String sql = "SELECT event_key, time_ms, event_name, user_id FROM " + schema + ".webhook_events"
                + " WHERE app_id = ? AND channel_name = ? AND time_ms >= ? AND event_name IN (?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            s.setString(2, channel);
            s.setLong(3, fromMs);
            for (int i = 0; i < HISTORY_EVENTS.size(); i++) {
                s.setString(4 + i, HISTORY_EVENTS.get(i));
            }
            List<WebhookEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new WebhookEvent(rs.getString(1), appId, rs.getLong(2), rs.getString(3), channel,
                            rs.getString(4), null, null, null, null));
                }
            }
            return events;
        }
    }

    /**
     * Per channel of {@code channels}, the time_ms of its latest stored event that shapes its history,
     * only if at or after {@code sinceMs} (absent otherwise): the index on time_ms bounds the search
     * to recent events however long a channel's history. H2 is told to use it: it looks up an IN list
     * only on an index's first column, so on (app_id, channel_name, time_ms) it read every event of the app.
     */
    Map<String, Long> latestHistoryTimes(String appId, List<String> channels, long sinceMs) throws SQLException {
        String hint = h2 ? " USE INDEX (webhook_events_time)" : "";
        String sql = "SELECT channel_name, MAX(time_ms) FROM " + schema + ".webhook_events" + hint + " WHERE app_id = ? AND "
                + keys.in("channel_name", channels.size()) + " AND time_ms >= ? AND event_name IN (?, ?, ?, ?) GROUP BY channel_name";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            int i = keys.bind(s, 2, channels);
            s.setLong(i++, sinceMs);
            for (String name : HISTORY_EVENTS) {
                s.setString(i++, name);
            }
            Map<String, Long> latest = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    latest.put(rs.getString(1), rs.getLong(2));
                }
            }
            return latest;
        }
    }

    /** The app's channels with an event that shapes history at or after {@code sinceMs} (index webhook_events_time). */
    Set<String> channelsWithHistorySince(String appId, long sinceMs) throws SQLException {
        String sql = "SELECT DISTINCT channel_name FROM " + schema + ".webhook_events WHERE app_id = ? AND time_ms >= ?"
                + " AND event_name IN (?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            s.setLong(2, sinceMs);
            for (int i = 0; i < HISTORY_EVENTS.size(); i++) {
                s.setString(3 + i, HISTORY_EVENTS.get(i));
            }
            Set<String> channels = new HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    channels.add(rs.getString(1));
                }
            }
            return channels;
        }
    }

}
