package io.pusherpipeline.webhooks;

import io.pusherpipeline.storage.CopyText;
import io.pusherpipeline.storage.StoredText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * New rows of {@code webhook_events}, {@code webhook_rejects}, {@code presence_sessions} and {@code channel_occupancy},
 * inside the caller's transaction: on PostgreSQL one COPY per table ({@link CopyText}), elsewhere
 * one JDBC batch of INSERTs.
 */
final class HistoryInserts {

    private static final int TEXT = Types.VARCHAR;
    private static final int TIME = Types.TIMESTAMP_WITH_TIMEZONE;
    private static final String EVENTS = "event_key, app_id, received_at, time_ms, event_name, channel_name, user_id,"
            + " client_event, data, socket_id, subscription_count";
    private static final int[] EVENT_TYPES = {TEXT, TEXT, TIME, Types.BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, Types.INTEGER};
    private static final String REJECTS = "event_key, app_id, received_at, time_ms, event_index, event_name, reason, event";
    private static final int[] REJECT_TYPES = {TEXT, TEXT, TIME, Types.BIGINT, Types.INTEGER, TEXT, TEXT, TEXT};
    /** Enough of a rejected event to see what it was; its escaped form fits the column. */
    private static final int REJECT_JSON = 100_000;
    /** An escape takes 6 characters for 1, so 30 characters and the marker fit event_name's 200. */
    private static final int REJECT_NAME = 30;
    private static final String SESSIONS = "app_id, channel_name, user_id, joined_at, left_at, joined_by, left_by";
    private static final int[] SESSION_TYPES = {TEXT, TEXT, TEXT, TIME, TIME, TEXT, TEXT};
    private static final String OCCUPANCY = "app_id, channel_name, occupied_at, vacated_at, occupied_by, vacated_by";
    private static final int[] OCCUPANCY_TYPES = {TEXT, TEXT, TIME, TIME, TEXT, TEXT};

    private final Connection c;
    private final String schema;
    private final boolean copy;

    /** {@code copy}: the connection is PostgreSQL's ({@link io.pusherpipeline.storage.KeyLists#postgres()}). */
    HistoryInserts(Connection c, String schema, boolean copy) {
        this.c = c;
        this.schema = schema;
        this.copy = copy;
    }

    void events(List<WebhookEvent> events, OffsetDateTime receivedAt) throws SQLException {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (WebhookEvent e : events) {
            rows.add(new Object[] {e.eventKey(), e.appId(), receivedAt, e.timeMs(), e.name(), e.channel(), e.userId(),
                e.clientEvent(), e.data(), e.socketId(), e.subscriptionCount()});
        }
        insert("webhook_events", EVENTS, EVENT_TYPES, rows);
    }

    void rejects(List<WebhookReject> rejects, OffsetDateTime receivedAt) throws SQLException {
        List<Object[]> rows = new ArrayList<>(rejects.size());
        for (WebhookReject r : rejects) {
            String name = r.name() == null ? null : StoredText.store(r.name().length() > REJECT_NAME ? r.name().substring(0, REJECT_NAME) : r.name());
            String event = r.event().length() > REJECT_JSON ? r.event().substring(0, REJECT_JSON) : r.event();
            rows.add(new Object[] {r.eventKey(), r.appId(), receivedAt, r.timeMs(), r.index(), name, r.reason(), StoredText.store(event)});
        }
        insert("webhook_rejects", REJECTS, REJECT_TYPES, rows);
    }

    /** Deletes the rows of the stays that are derived again, before their new rows are inserted. */
    void deleteStays(String appId, Map<PairHistory.Pair, PresenceHistory.Stays> replaced) throws SQLException {
        String where = " WHERE app_id = ? AND channel_name = ? AND ";
        try (PreparedStatement sessions = c.prepareStatement("DELETE FROM " + schema + ".presence_sessions" + where
                + "user_id = ? AND joined_at = ?");
             PreparedStatement occupancy = c.prepareStatement("DELETE FROM " + schema + ".channel_occupancy" + where
                     + "occupied_at = ?")) {
            int sessionRows = 0;
            int occupancyRows = 0;
            for (Map.Entry<PairHistory.Pair, PresenceHistory.Stays> pair : replaced.entrySet()) {
                for (PresenceHistory.Session s : pair.getValue().sessions()) {
                    bindBatch(sessions, appId, pair.getKey().channel(), s.userId(), s.joinedAt().atOffset(ZoneOffset.UTC));
                    sessionRows++;
                }
                for (PresenceHistory.Occupancy o : pair.getValue().occupancy()) {
                    bindBatch(occupancy, appId, pair.getKey().channel(), o.occupiedAt().atOffset(ZoneOffset.UTC));
                    occupancyRows++;
                }
            }
            if (sessionRows > 0) {
                sessions.executeBatch();
            }
            if (occupancyRows > 0) {
                occupancy.executeBatch();
            }
        }
    }

    /** Every session and occupancy of {@code byChannel}, as new rows. */
    void stays(String appId, Map<String, PresenceHistory.Stays> byChannel) throws SQLException {
        List<Object[]> sessions = new ArrayList<>();
        List<Object[]> occupancy = new ArrayList<>();
        byChannel.forEach((channel, stays) -> {
            for (PresenceHistory.Session s : stays.sessions()) {
                sessions.add(new Object[] {appId, channel, s.userId(), s.joinedAt(), s.leftAt(), s.joinedBy(), s.leftBy()});
            }
            for (PresenceHistory.Occupancy o : stays.occupancy()) {
                occupancy.add(new Object[] {appId, channel, o.occupiedAt(), o.vacatedAt(), o.occupiedBy(), o.vacatedBy()});
            }
        });
        insert("presence_sessions", SESSIONS, SESSION_TYPES, sessions);
        insert("channel_occupancy", OCCUPANCY, OCCUPANCY_TYPES, occupancy);
    }

    private void insert(String table, String columns, int[] types, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (copy) {
            CopyText text = new CopyText();
            for (Object[] row : rows) {
                for (Object value : row) {
                    text.add(value);
                }
                text.endRow();
            }
            text.copyInto(c, schema + "." + table, columns);
            return;
        }
        String sql = "INSERT INTO " + schema + "." + table + " (" + columns + ") VALUES (?" + ", ?".repeat(types.length - 1) + ")";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == null) {
                        s.setNull(i + 1, types[i]);
                    } else {
                        s.setObject(i + 1, row[i] instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : row[i]);
                    }
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void bindBatch(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
        s.addBatch();
    }
}
