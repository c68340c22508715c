package io.pusherpipeline.webhooks;

import io.pusherpipeline.webhooks.PresenceHistory.Observation;
import io.pusherpipeline.webhooks.PresenceHistory.Occupancy;
import io.pusherpipeline.webhooks.PresenceHistory.Session;
import io.pusherpipeline.webhooks.PresenceHistory.Stays;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

    private final Connection c;
    private final String schema;
    private final String appId;
    private final HistoryInserts inserts;
    private final boolean postgres;
    private final PairQueries queries;

    PairHistory(Connection c, String schema, String appId, HistoryInserts inserts, boolean postgres) {
        this.c = c;
        this.schema = schema;
        this.appId = appId;
        this.inserts = inserts;
        this.postgres = postgres;
        this.queries = new PairQueries(c, schema, appId, postgres);
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
        int perQuery = queries.perQuery();
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
        Map<Integer, Stays> before = queries.storedStays(pairs, bounds);
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
                derived.merge(pair.channel(), after, Stays::and);
            }
        }
        inserts.deleteStays(appId, replaced);
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

    /**
     * Per pair, the stored events from its bound on: the user's member events and the channel's
     * occupied and vacated ones (read once per channel, from the earliest bound of its pairs).
     */
    private Map<Integer, List<WebhookEvent>> events(List<Pair> pairs, List<Instant> bounds) throws SQLException {
        Map<Integer, List<WebhookEvent>> events = new HashMap<>();
        queries.query(queries.lateral("x.event_key, x.time_ms, x.event_name, p.channel_name, p.user_id", "webhook_events", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND x.user_id = p.user_id AND x.time_ms >= p.bound_ms"
                + " AND x.event_name IN ('member_added', 'member_removed')"), pairs, bounds,
                (k, rs) -> events.computeIfAbsent(k, x -> new ArrayList<>()).add(event(rs)));
        Map<String, Instant> channelBounds = new LinkedHashMap<>();
        for (int k = 0; k < pairs.size(); k++) {
            channelBounds.merge(pairs.get(k).channel(), bounds.get(k), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<Pair> channels = channelBounds.keySet().stream().map(channel -> new Pair(channel, null)).toList();
        Map<String, List<WebhookEvent>> byChannel = new HashMap<>();
        queries.query(queries.lateral("x.event_key, x.time_ms, x.event_name, p.channel_name, x.user_id", "webhook_events", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND x.user_id IS NULL AND x.time_ms >= p.bound_ms"
                + " AND x.event_name IN ('channel_occupied', 'channel_vacated')"),
                channels, List.copyOf(channelBounds.values()),
                (k, rs) -> byChannel.computeIfAbsent(channels.get(k).channel(), x -> new ArrayList<>()).add(event(rs)));
        for (int k = 0; k < pairs.size(); k++) {
            long fromMs = PairQueries.boundMs(bounds.get(k));
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
            queries.query(queries.lateral("x.user_id", "channels_channel_users", "x.load_id = ? AND x.channel_name = p.channel_name"
                    + " AND x.user_id = p.user_id"), pairs, bounds, loadId,
                    (k, rs) -> listed.add(k));
            List<Integer> occupied = new ArrayList<>();
            queries.query(queries.lateral("x.channel_name", "apps_channels", "x.load_id = ? AND x.channel_name = p.channel_name"), pairs, bounds, loadId, (k, rs) -> occupied.add(k));
            for (int k : seen) {
                Set<String> members = listed.contains(k) ? Set.of(pairs.get(k).userId()) : Set.of();
                observations.computeIfAbsent(k, x -> new ArrayList<>())
                        .add(new Observation(load.at(), load.until(), members, occupied.contains(k)));
            }
        }
        return observations;
    }

    private WebhookEvent event(ResultSet rs) throws SQLException {
        return new WebhookEvent(rs.getString(2), appId, rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                null, null, null, null);
    }

}
