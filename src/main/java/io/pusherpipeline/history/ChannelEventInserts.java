package io.pusherpipeline.history;

import io.pusherpipeline.storage.CopyText;
import io.pusherpipeline.storage.KeyLists;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * New rows of {@code channel_events} inside the caller's transaction, which holds the
 * {@link ChannelLocks} of their channels: each channel's events numbered on from its highest
 * {@code seq}, so the numbers have no gap and no repeat whoever writes. On PostgreSQL one COPY,
 * elsewhere one JDBC batch.
 */
public final class ChannelEventInserts {

    private static final String COLUMNS = "app_id, channel_name, seq, event_name, data, user_id, socket_id, source,"
            + " occurred_at, event_key";

    private final Connection c;
    private final String schema;
    private final boolean postgres;

    /** {@code postgres}: the connection is PostgreSQL's (COPY, one query for every channel's highest seq). */
    public ChannelEventInserts(Connection c, String schema, boolean postgres) {
        this.c = c;
        this.schema = schema;
        this.postgres = postgres;
    }

    /** The channels' names as {@link ChannelLocks} knows them: what to lock before {@link #append}. */
    public static List<String> lockNames(List<ChannelEvent> events) {
        Set<String> names = new LinkedHashSet<>();
        events.forEach(e -> names.add(ChannelLocks.name(e.appId(), e.channel())));
        return List.copyOf(names);
    }

    /** Those of {@code events} (all of one app) whose key is not stored yet, nor earlier in the list. */
    public List<ChannelEvent> unseen(String appId, List<ChannelEvent> events) throws SQLException {
        KeyLists keys = new KeyLists(c);
        Set<String> seen = new HashSet<>();
        for (int from = 0; from < events.size(); from += keys.perQuery()) {
            List<String> part = events.subList(from, Math.min(events.size(), from + keys.perQuery())).stream()
                    .map(ChannelEvent::eventKey).toList();
            try (PreparedStatement s = c.prepareStatement("SELECT event_key FROM " + schema + ".channel_events WHERE app_id = ? AND "
                    + keys.in("event_key", part.size()))) {
                s.setString(1, appId);
                keys.bind(s, 2, part);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                }
            }
        }
        return events.stream().filter(e -> seen.add(e.eventKey())).toList();
    }

    /** Inserts the events in their order, each channel's numbered from its highest seq + 1. */
    public void append(List<ChannelEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Long> next = highest(events);
        List<Object[]> rows = new ArrayList<>(events.size());
        for (ChannelEvent e : events) {
            long seq = next.merge(ChannelLocks.name(e.appId(), e.channel()), 1L, Long::sum);
            rows.add(new Object[] {e.appId(), e.channel(), seq, e.eventName(), e.data(), e.userId(), e.socketId(),
                e.source(), e.occurredAt(), e.eventKey()});
        }
        if (postgres) {
            CopyText text = new CopyText();
            rows.forEach(row -> {
                for (Object value : row) {
                    text.add(value);
                }
                text.endRow();
            });
            text.copyInto(c, schema + ".channel_events", COLUMNS);
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema + ".channel_events (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == null) {
                        s.setNull(i + 1, Types.VARCHAR);
                    } else {
                        s.setObject(i + 1, row[i]);
                    }
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The highest seq of each (app, channel) of the events, 0 for a new channel (MAX of NULL, or no row):
     * one lookup per channel in the primary key (app_id, channel_name, seq).
     */
    private Map<String, Long> highest(List<ChannelEvent> events) throws SQLException {
        Map<String, List<String>> channelsByApp = new HashMap<>();
        events.forEach(e -> {
            List<String> channels = channelsByApp.computeIfAbsent(e.appId(), app -> new ArrayList<>());
            if (!channels.contains(e.channel())) {
                channels.add(e.channel());
            }
        });
        Map<String, Long> highest = new HashMap<>();
        for (Map.Entry<String, List<String>> app : channelsByApp.entrySet()) {
            if (postgres) {
                // One round trip: a MAX per channel of the array, each an index lookup.
                try (PreparedStatement s = c.prepareStatement("SELECT ch, (SELECT MAX(e.seq) FROM " + schema + ".channel_events e"
                        + " WHERE e.app_id = ? AND e.channel_name = ch) FROM unnest(?::varchar[]) AS ch")) {
                    s.setString(1, app.getKey());
                    s.setArray(2, c.createArrayOf("varchar", app.getValue().toArray()));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            highest.put(ChannelLocks.name(app.getKey(), rs.getString(1)), rs.getLong(2));
                        }
                    }
                }
                continue;
            }
            // H2 answers MAX by reading all the channel's rows, but the last row in key order from the key's end;
            // DuckDB reads the rows either way, and its MAX is the faster.
            String sql = "H2".equals(c.getMetaData().getDatabaseProductName())
                    ? "SELECT seq FROM " + schema + ".channel_events WHERE app_id = ? AND channel_name = ?"
                    + " ORDER BY app_id DESC, channel_name DESC, seq DESC LIMIT 1"
                    : "SELECT MAX(seq) FROM " + schema + ".channel_events WHERE app_id = ? AND channel_name = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (String channel : app.getValue()) {
                    s.setString(1, app.getKey());
                    s.setString(2, channel);
                    try (ResultSet rs = s.executeQuery()) {
                        highest.put(ChannelLocks.name(app.getKey(), channel), rs.next() ? rs.getLong(1) : 0L);
                    }
                }
            }
        }
        return highest;
    }
}
