package io.pusherpipeline.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client event that both the archiver and the {@code client_event} webhook saw, kept as one row of
 * {@code channel_events}: inside the caller's transaction, which holds the channel's {@link ChannelLocks},
 * each new event of one source takes at most one unmatched row of the other with the same (app, channel,
 * event name, data) within {@link #WINDOW}, so whichever comes first, and whoever writes, one row stays.
 * The row is the webhook's (its user_id and socket_id, which the archiver cannot know) with the
 * archiver frame's {@code event_key}: a client_event row whose key is still its webhook event's is unmatched.
 */
public final class ClientEventMatches {

    /** Pusher's clock (time_ms) against the archiver's receive time: seconds of skew and delivery, not a human's pause. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    /** Pusher refuses a client event whose name does not start so: the archiver's other frames match nothing. */
    private static final String CLIENT_PREFIX = "client-";

    private final Connection c;
    private final String schema;

    public ClientEventMatches(Connection c, String schema) {
        this.c = c;
        this.schema = schema;
    }

    /**
     * Those of {@code events} that matched no stored row of the other source, in their order: the rest
     * are merged into the row they matched (the webhook's fields, the archiver's key).
     */
    public List<ChannelEvent> unmatched(List<ChannelEvent> events) throws SQLException {
        List<ChannelEvent> unmatched = new ArrayList<>(events.size());
        for (ChannelEvent e : events) {
            boolean archived = ChannelEvent.ARCHIVER.equals(e.source()) && e.eventName().startsWith(CLIENT_PREFIX);
            boolean webhook = ChannelEvent.CLIENT_EVENT.equals(e.source());
            Long seq = archived || webhook ? match(e, archived) : null;
            if (seq == null) {
                unmatched.add(e);
            } else if (archived) {
                update("event_key = ?", seq, e, e.eventKey());
            } else {
                update("source = ?, user_id = ?, socket_id = ?", seq, e, ChannelEvent.CLIENT_EVENT, e.userId(), e.socketId());
            }
        }
        return unmatched;
    }

    /** The seq of the earliest unmatched row of the other source that {@code e} matches, or null. */
    private Long match(ChannelEvent e, boolean archived) throws SQLException {
        String other = archived
                ? " AND e.source = 'client_event' AND EXISTS (SELECT 1 FROM " + schema + ".webhook_events w WHERE w.event_key = e.event_key)"
                : " AND e.source = 'archiver'";
        String sql = "SELECT e.seq FROM " + schema + ".channel_events e WHERE e.app_id = ? AND e.occurred_at >= ?"
                + " AND e.occurred_at <= ? AND e.channel_name = ? AND e.event_name = ? AND "
                + (e.data() == null ? "e.data IS NULL" : "e.data = ?") + other + " ORDER BY e.seq LIMIT 1";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, e.appId());
            s.setObject(2, e.occurredAt().minus(WINDOW));
            s.setObject(3, e.occurredAt().plus(WINDOW));
            s.setString(4, e.channel());
            s.setString(5, e.eventName());
            if (e.data() != null) {
                s.setString(6, e.data());
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private void update(String set, long seq, ChannelEvent e, String... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + schema + ".channel_events SET " + set
                + " WHERE app_id = ? AND channel_name = ? AND seq = ?")) {
            int i = 1;
            for (String value : values) {
                s.setString(i++, value);
            }
            s.setString(i++, e.appId());
            s.setString(i++, e.channel());
            s.setLong(i, seq);
            s.executeUpdate();
        }
    }
}
