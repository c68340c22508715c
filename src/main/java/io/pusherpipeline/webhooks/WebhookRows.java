package io.pusherpipeline.webhooks;

import io.pusherpipeline.storage.KeyLists;
import io.pusherpipeline.webhooks.PairHistory.Pair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The reads of the webhook tables that find what a batch or a snapshot adds, on one connection. */
final class WebhookRows {

    private static final String HISTORY_EVENTS = "('member_added', 'member_removed', 'channel_occupied', 'channel_vacated')";

    private final Connection c;
    private final String schema;
    private final KeyLists keys;

    WebhookRows(Connection c, String schema) throws SQLException {
        this.c = c;
        this.schema = schema;
        this.keys = new KeyLists(c);
    }

    /** The events of the batch not stored yet (nor earlier in the same batch). */
    List<WebhookEvent> unseen(List<WebhookEvent> events) throws SQLException {
        return unseen("webhook_events", events, WebhookEvent::eventKey);
    }

    /** The rejects of the batch not kept yet. */
    List<WebhookReject> unseenRejects(List<WebhookReject> rejects) throws SQLException {
        return unseen("webhook_rejects", rejects, WebhookReject::eventKey);
    }

    private <T> List<T> unseen(String table, List<T> items, Function<T, String> key) throws SQLException {
        Set<String> seen = new HashSet<>();
        for (int from = 0; from < items.size(); from += keys.perQuery()) {
            List<String> part = items.subList(from, Math.min(items.size(), from + keys.perQuery())).stream().map(key).toList();
            String sql = "SELECT event_key FROM " + schema + "." + table + " WHERE " + keys.in("event_key", part.size());
            try (PreparedStatement s = c.prepareStatement(sql)) {
                keys.bind(s, 1, part);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                }
            }
        }
        return items.stream().filter(item -> seen.add(key.apply(item))).toList();
    }

    /** The users of the channel with a session open at {@code at} or later: those a channel_vacated then closes. */
    Set<String> usersSince(String appId, String channel, Instant at) throws SQLException {
        return strings("SELECT DISTINCT user_id FROM " + schema + ".presence_sessions WHERE channel_name = ? AND app_id = ?"
                + " AND (left_at IS NULL OR left_at >= ?)", channel, appId, at.atOffset(ZoneOffset.UTC));
    }

    /**
     * The pairs whose stays a snapshot that began at {@code at} may change: sessions and occupancy open
     * then or later, and those with history events since (the channel's own with user null).
     */
    Set<Pair> pairsSince(String appId, Instant at) throws SQLException {
        Set<Pair> pairs = new LinkedHashSet<>();
        Object since = at.atOffset(ZoneOffset.UTC);
        pairs(pairs, "SELECT DISTINCT channel_name, user_id FROM " + schema + ".presence_sessions WHERE app_id = ?"
                + " AND (left_at IS NULL OR left_at >= ?)", appId, since);
        pairs(pairs, "SELECT DISTINCT channel_name, NULL FROM " + schema + ".channel_occupancy WHERE app_id = ?"
                + " AND (vacated_at IS NULL OR vacated_at >= ?)", appId, since);
        pairs(pairs, "SELECT DISTINCT channel_name, user_id FROM " + schema + ".webhook_events WHERE app_id = ? AND time_ms >= ?"
                + " AND event_name IN " + HISTORY_EVENTS, appId, at.toEpochMilli());
        return pairs;
    }

    private void pairs(Set<Pair> pairs, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepared(sql, parameters); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                pairs.add(new Pair(rs.getString(1), rs.getString(2)));
            }
        }
    }

    private Set<String> strings(String sql, Object... parameters) throws SQLException {
        Set<String> values = new LinkedHashSet<>();
        try (PreparedStatement s = prepared(sql, parameters); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
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

    /** The channels whose history the events write: the stays they shape, the client events they add to channel_events. */
    static List<String> channels(List<WebhookEvent> events) {
        return new ArrayList<>(events.stream().filter(e -> e.shapesHistory() || e.isChannelEvent()).map(WebhookEvent::channel)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }
}
