package io.pusherpipeline.history;

import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page of a channel's history from {@code channel_events}, and the app's
 * {@code channel_gaps} that overlap it: from the time of the event at {@code after} (the beginning
 * when after is 0 or that event is no longer kept, or the page's earliest event when earlier), to
 * the page's latest event, or to now when the page is the channel's last.
 */
public final class HistoryReader {

    private Destination destination;
    private String schema;
    private volatile boolean tablesReady;

    /** The snapshots' database ({@code pusherDestination}). */
    public void setDestination(Destination destination) {
        this.destination = destination;
        this.schema = destination.schema();
    }

    /** The page; a cursor past the channel's latest event is refused (400): no answer of this API gave it. */
    public HistoryPage page(PageRequest request) {
        prepare();
        try (Connection c = destination.dataSource().getConnection()) {
            String app = StoredText.store(request.appId());
            String channel = StoredText.store(request.channel());
            long after = request.after();
            // From the cursor's own event on (one query gives its time and the page), and one more to tell the last page.
            List<HistoryPage.Event> events = events(c, app, channel, after, request.limit() + 2);
            Instant from = null;
            if (after > 0 && !events.isEmpty() && events.get(0).seq() == after) {
                from = events.get(0).occurredAt();
                events = events.subList(1, events.size());
            } else if (after > 0 && events.isEmpty()) {
                long latest = latest(c, app, channel);
                throw HistoryRefused.badRequest("after=" + after + " is past the channel's latest event ("
                        + (latest == 0 ? "it has none" : "seq " + latest) + "): pass a next this API answered, or 0 for the beginning");
            }
            boolean last = events.size() <= request.limit();
            if (!last) {
                events = events.subList(0, request.limit());
            }
            Instant to = null;
            for (HistoryPage.Event e : events) {
                // null stays null: since the beginning already covers it.
                from = from == null ? null : min(from, e.occurredAt());
                to = last ? null : to == null ? e.occurredAt() : max(to, e.occurredAt());
            }
            long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
            return new HistoryPage(request.channel(), List.copyOf(events), next, gaps(c, app, from, to));
        } catch (SQLException e) {
            throw new StorageException("Cannot read the history of a channel from " + destination.printable() + ": " + e.getMessage(), e);
        }
    }

    private long latest(Connection c, String app, String channel) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM " + schema + ".channel_events"
                + " WHERE app_id = ? AND channel_name = ? ORDER BY seq DESC LIMIT 1")) {
            s.setString(1, app);
            s.setString(2, channel);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private List<HistoryPage.Event> events(Connection c, String app, String channel, long after, int rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, event_name, data, user_id, socket_id, source, occurred_at"
                + " FROM " + schema + ".channel_events WHERE app_id = ? AND channel_name = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
            s.setString(1, app);
            s.setString(2, channel);
            s.setLong(3, after);
            s.setInt(4, rows);
            List<HistoryPage.Event> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new HistoryPage.Event(rs.getLong(1), text(rs, 2), text(rs, 3), text(rs, 4), text(rs, 5),
                            text(rs, 6), instant(rs, 7)));
                }
            }
            return events;
        }
    }

    /** The gaps of the app overlapping [from, to]; from null: since the beginning, to null: until now. */
    private List<HistoryPage.Gap> gaps(Connection c, String app, Instant from, Instant to) throws SQLException {
        String sql = "SELECT started_at, ended_at, reason FROM " + schema + ".channel_gaps WHERE app_id = ?"
                + (from == null ? "" : " AND (ended_at IS NULL OR ended_at >= ?)")
                + (to == null ? "" : " AND started_at <= ?") + " ORDER BY started_at";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, app);
            if (from != null) {
                s.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            }
            if (to != null) {
                s.setObject(i, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            }
            List<HistoryPage.Gap> gaps = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new HistoryPage.Gap(instant(rs, 1), instant(rs, 2), text(rs, 3)));
                }
            }
            return gaps;
        }
    }

    /** The tables, once: created or upgraded like every other writer's (the snapshot sink usually did it already). */
    private void prepare() {
        if (!tablesReady) {
            synchronized (this) {
                if (!tablesReady) {
                    Tables.create(destination);
                    tablesReady = true;
                }
            }
        }
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        return StoredText.read(rs.getString(column));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
