package io.pusherpipeline.webhooks;

import io.pusherpipeline.webhooks.PresenceHistory.Observation;
import io.pusherpipeline.webhooks.PresenceHistory.Occupancy;
import io.pusherpipeline.webhooks.PresenceHistory.Session;
import io.pusherpipeline.webhooks.PresenceHistory.Stays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Derives the stays of (channel, user) pairs again from a bound on, inside the caller's transaction.
 * A user's sessions in a channel depend only on that user's member events there, the channel's
 * channel_vacated and the snapshots that observed the channel; the occupancy only on the channel's
 * occupied and vacated events and the snapshots. So a late event costs what it can change: the
 * pair's rows that end at or after its time, never the channel's whole history.
 */
final class PairHistory {

    /** A user's sessions in a channel; {@code userId} null for the channel's occupancy. */
    record Pair(String channel, String userId) {
    }

    /** Pairs per statement elsewhere: each is one row of a VALUES list of five parameters. */
    private static final int PER_QUERY = 200;
    private static final String VALUES_ROW = "(CAST(? AS INTEGER), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(1000)),"
            + " CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))";
    /** On PostgreSQL five arrays: one statement text however many pairs, so its plan is made once (a VALUES list's, each time, cost more than running it). */
    private static final String ARRAYS = "unnest(CAST(? AS INTEGER[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS BIGINT[]),"
            + " CAST(? AS TIMESTAMPTZ[]))";
    private static final String PAIRS = "%s AS p (k, channel_name, user_id, bound_ms, bound_at)";

    private final Connection c;
    private final String schema;
    private final String appId;
    private final HistoryInserts inserts;
    private final boolean postgres;

    PairHistory(Connection c, String schema, String appId, HistoryInserts inserts, boolean postgres) {
        this.c = c;
        this.schema = schema;
        this.appId = appId;
        this.inserts = inserts;
        this.postgres = postgres;
    }

    /**
     * Replaces each pair's rows that end at or after its bound (or are open) with those derived from
     * the events and observations from there on. A bound inside a snapshot's members calls moves to
     * the snapshot's start, whose verdicts the new events may change. Returns how many pairs changed.
     */
    int rederive(Map<Pair, Instant> bounds) throws SQLException {
        if (bounds.isEmpty()) {
            return 0;
        }
        Instant earliest = Collections.min(bounds.values());
        List<Observations.Load> loads = new Observations(c, schema).reaching(appId, earliest);
        Map<Pair, Instant> from = new LinkedHashMap<>();
        bounds.forEach((pair, bound) -> from.put(pair, extended(pair, bound, loads)));
        List<Pair> pairs = List.copyOf(from.keySet());
        int changed = 0;
        int perQuery = postgres ? Integer.MAX_VALUE : PER_QUERY;
        for (int i = 0; i < pairs.size(); i += perQuery) {
            changed += rederive(pairs.subList(i, (int) Math.min(pairs.size(), (long) i + perQuery)), from, loads);
        }
        return changed;
    }

    private static Instant extended(Pair pair, Instant bound, List<Observations.Load> loads) {
        Instant from = bound;
        for (Observations.Load load : loads) {
            if (load.covers(pair.channel()) && !load.until().isBefore(bound) && load.at().isBefore(from)) {
                from = load.at();
            }
        }
        return from;
    }

    private int rederive(List<Pair> pairs, Map<Pair, Instant> from, List<Observations.Load> loads) throws SQLException {
        List<Instant> bounds = pairs.stream().map(from::get).toList();
        Map<Integer, Stays> before = stored(pairs, bounds);
        Map<Integer, List<WebhookEvent>> events = events(pairs, bounds);
        Map<Integer, List<Observation>> observations = observations(pairs, bounds, loads);
        Map<Pair, Stays> replaced = new LinkedHashMap<>();
        Map<String, Stays> derived = new LinkedHashMap<>();
        for (int k = 0; k < pairs.size(); k++) {
            Pair pair = pairs.get(k);
            Stays old = before.getOrDefault(k, Stays.NONE);
            Stays all = PresenceHistory.of(covering(old, bounds.get(k)), events.getOrDefault(k, List.of()),
                    observations.getOrDefault(k, List.of()));
            Stays after = pair.userId() == null ? new Stays(List.of(), all.occupancy()) : new Stays(all.sessions(), List.of());
            if (!after.sameAs(old)) {
                replaced.put(pair, old);
                derived.merge(pair.channel(), after, PairHistory::joined);
            }
        }
        delete(replaced);
        inserts.stays(appId, derived);
        return replaced.size();
    }

    /** The stay that began before the bound, open again: the state the derivation continues from. */
    private static Stays covering(Stays old, Instant bound) {
        List<Session> sessions = old.sessions().stream().filter(s -> s.joinedAt().isBefore(bound))
                .map(s -> new Session(s.userId(), s.joinedAt(), null, s.joinedBy(), null)).toList();
        List<Occupancy> occupancy = old.occupancy().stream().filter(o -> o.occupiedAt().isBefore(bound))
                .map(o -> new Occupancy(o.occupiedAt(), null, o.occupiedBy(), null)).toList();
        return new Stays(sessions, occupancy);
    }

    /** Per pair, its rows that are open or end at or after its bound. */
    private Map<Integer, Stays> stored(List<Pair> pairs, List<Instant> bounds) throws SQLException {
        Map<Integer, Stays> stored = new HashMap<>();
        query(lateral("x.joined_at, x.left_at, x.joined_by, x.left_by, p.user_id", "presence_sessions", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND x.user_id = p.user_id AND (x.left_at IS NULL OR x.left_at >= p.bound_at)"),
                pairs, bounds, (k, rs) -> stored.merge(k,
                new Stays(List.of(new Session(rs.getString(6), time(rs, 2), time(rs, 3), rs.getString(4), rs.getString(5))),
                        List.of()), PairHistory::joined));
        query(lateral("x.occupied_at, x.vacated_at, x.occupied_by, x.vacated_by", "channel_occupancy", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND p.user_id IS NULL AND (x.vacated_at IS NULL OR x.vacated_at >= p.bound_at)"),
                pairs, bounds,
                (k, rs) -> stored.merge(k, new Stays(List.of(),
                        List.of(new Occupancy(time(rs, 2), time(rs, 3), rs.getString(4), rs.getString(5)))), PairHistory::joined));
        return stored;
    }

    /**
     * Per pair, the stored events from its bound on: the user's member events and the channel's
     * occupied and vacated ones (read once per channel, from the earliest bound of its pairs).
     */
    private Map<Integer, List<WebhookEvent>> events(List<Pair> pairs, List<Instant> bounds) throws SQLException {
        Map<Integer, List<WebhookEvent>> events = new HashMap<>();
        query(lateral("x.event_key, x.time_ms, x.event_name, p.channel_name, p.user_id", "webhook_events", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND x.user_id = p.user_id AND x.time_ms >= p.bound_ms"
                + " AND x.event_name IN ('member_added', 'member_removed')"), pairs, bounds,
                (k, rs) -> events.computeIfAbsent(k, x -> new ArrayList<>()).add(event(rs)));
        Map<String, Instant> channelBounds = new LinkedHashMap<>();
        for (int k = 0; k < pairs.size(); k++) {
            channelBounds.merge(pairs.get(k).channel(), bounds.get(k), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<Pair> channels = channelBounds.keySet().stream().map(channel -> new Pair(channel, null)).toList();
        Map<String, List<WebhookEvent>> byChannel = new HashMap<>();
        query(lateral("x.event_key, x.time_ms, x.event_name, p.channel_name, x.user_id", "webhook_events", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND x.user_id IS NULL AND x.time_ms >= p.bound_ms"
                + " AND x.event_name IN ('channel_occupied', 'channel_vacated')"),
                channels, List.copyOf(channelBounds.values()),
                (k, rs) -> byChannel.computeIfAbsent(channels.get(k).channel(), x -> new ArrayList<>()).add(event(rs)));
        for (int k = 0; k < pairs.size(); k++) {
            long fromMs = boundMs(bounds.get(k));
            for (WebhookEvent e : byChannel.getOrDefault(pairs.get(k).channel(), List.of())) {
                if (e.timeMs() >= fromMs) {
                    events.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
                }
            }
        }
        return events;
    }

    /** Per pair, what each snapshot that began at or after its bound and covers its channel saw of it. */
    private Map<Integer, List<Observation>> observations(List<Pair> pairs, List<Instant> bounds, List<Observations.Load> loads)
            throws SQLException {
        Map<Integer, List<Observation>> observations = new HashMap<>();
        for (Observations.Load load : loads) {
            List<Integer> seen = new ArrayList<>();
            for (int k = 0; k < pairs.size(); k++) {
                if (load.covers(pairs.get(k).channel()) && !load.at().isBefore(bounds.get(k))) {
                    seen.add(k);
                }
            }
            if (seen.isEmpty()) {
                continue;
            }
            UUID loadId = UUID.fromString(load.loadId());
            List<Integer> listed = new ArrayList<>();
            query(lateral("x.user_id", "channels_channel_users", "x.load_id = ? AND x.channel_name = p.channel_name"
                    + " AND x.user_id = p.user_id"), pairs, bounds, loadId,
                    (k, rs) -> listed.add(k));
            List<Integer> occupied = new ArrayList<>();
            query(lateral("x.channel_name", "apps_channels", "x.load_id = ? AND x.channel_name = p.channel_name"), pairs, bounds, loadId, (k, rs) -> occupied.add(k));
            for (int k : seen) {
                Set<String> members = listed.contains(k) ? Set.of(pairs.get(k).userId()) : Set.of();
                observations.computeIfAbsent(k, x -> new ArrayList<>())
                        .add(new Observation(load.at(), load.until(), members, occupied.contains(k)));
            }
        }
        return observations;
    }

    private void delete(Map<Pair, Stays> replaced) throws SQLException {
        String where = " WHERE app_id = ? AND channel_name = ? AND ";
        try (PreparedStatement sessions = c.prepareStatement("DELETE FROM " + schema + ".presence_sessions" + where
                + "user_id = ? AND joined_at = ?");
             PreparedStatement occupancy = c.prepareStatement("DELETE FROM " + schema + ".channel_occupancy" + where
                     + "occupied_at = ?")) {
            int sessionRows = 0;
            int occupancyRows = 0;
            for (Map.Entry<Pair, Stays> pair : replaced.entrySet()) {
                for (Session s : pair.getValue().sessions()) {
                    bind(sessions, appId, pair.getKey().channel(), s.userId(), utc(s.joinedAt()));
                    sessionRows++;
                }
                for (Occupancy o : pair.getValue().occupancy()) {
                    bind(occupancy, appId, pair.getKey().channel(), utc(o.occupiedAt()));
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

    /**
     * The rows of {@code table} each pair finds. On PostgreSQL looked up from each pair (LATERAL; OFFSET 0
     * keeps the planner from turning it into a join): a table without statistics yet (a new schema)
     * otherwise gets a plan that reads the app's whole history into a hash.
     */
    private String lateral(String columns, String table, String condition) {
        String rows = postgres ? " CROSS JOIN LATERAL (SELECT * FROM " + schema + "." + table + " x WHERE " + condition + " OFFSET 0) x"
                : " JOIN " + schema + "." + table + " x ON " + condition;
        return "SELECT p.k, " + columns + " FROM " + PAIRS + rows;
    }

    private interface RowReader {
        void read(int k, ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Pair> pairs, List<Instant> bounds, RowReader reader) throws SQLException {
        query(sql, pairs, bounds, appId, reader);
    }

    /** Runs a statement over the pairs as a table {@code p}, its one other parameter {@code last}. */
    private void query(String sql, List<Pair> pairs, List<Instant> bounds, Object last, RowReader reader) throws SQLException {
        String table = postgres ? ARRAYS : "(VALUES " + String.join(", ", Collections.nCopies(pairs.size(), VALUES_ROW)) + ")";
        try (PreparedStatement s = c.prepareStatement(sql.replace("%s", table))) {
            int i = 1;
            if (postgres) {
                s.setArray(i++, c.createArrayOf("integer", java.util.stream.IntStream.range(0, pairs.size()).boxed().toArray()));
                s.setArray(i++, c.createArrayOf("varchar", pairs.stream().map(Pair::channel).toArray()));
                s.setArray(i++, c.createArrayOf("varchar", pairs.stream().map(Pair::userId).toArray()));
                s.setArray(i++, c.createArrayOf("bigint", bounds.stream().map(PairHistory::boundMs).toArray()));
                s.setArray(i++, c.createArrayOf("timestamptz", bounds.stream().map(Instant::toString).toArray()));
            } else {
                for (int k = 0; k < pairs.size(); k++) {
                    s.setInt(i++, k);
                    s.setString(i++, pairs.get(k).channel());
                    s.setString(i++, pairs.get(k).userId());
                    s.setLong(i++, boundMs(bounds.get(k)));
                    s.setObject(i++, utc(bounds.get(k)));
                }
            }
            s.setObject(i, last);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs.getInt(1), rs);
                }
            }
        }
    }

    private WebhookEvent event(ResultSet rs) throws SQLException {
        return new WebhookEvent(rs.getString(2), appId, rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                null, null, null, null);
    }

    /** The first whole millisecond at or after the bound: events carry milliseconds, snapshots microseconds. */
    private static long boundMs(Instant bound) {
        long ms = bound.toEpochMilli();
        return Instant.ofEpochMilli(ms).isBefore(bound) ? ms + 1 : ms;
    }

    private static Stays joined(Stays a, Stays b) {
        List<Session> sessions = new ArrayList<>(a.sessions());
        sessions.addAll(b.sessions());
        List<Occupancy> occupancy = new ArrayList<>(a.occupancy());
        occupancy.addAll(b.occupancy());
        return new Stays(sessions, occupancy);
    }

    private static void bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
        s.addBatch();
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
