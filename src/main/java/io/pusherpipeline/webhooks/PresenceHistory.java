package io.pusherpipeline.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stays of one channel that its webhook events and the snapshots that observed it describe,
 * as a pure function of the set of both: sorted by time, so neither the order they arrived in nor
 * repeats change the result. Events of one batch share its time_ms; at the same time a leave is
 * applied before a join, and a snapshot after both.
 */
public final class PresenceHistory {

    /** One stay of a user in a presence channel; {@code leftAt} null while still there. */
    public record Session(String userId, Instant joinedAt, Instant leftAt, String joinedBy, String leftBy) {
    }

    /** One time the channel was occupied; {@code vacatedAt} null while still occupied. */
    public record Occupancy(Instant occupiedAt, Instant vacatedAt, String occupiedBy, String vacatedBy) {
    }

    public record Stays(List<Session> sessions, List<Occupancy> occupancy) {

        static final Stays NONE = new Stays(List.of(), List.of());

        /** These stays and the other's together. */
        Stays and(Stays other) {
            List<Session> allSessions = new ArrayList<>(sessions);
            allSessions.addAll(other.sessions());
            List<Occupancy> allOccupancy = new ArrayList<>(occupancy);
            allOccupancy.addAll(other.occupancy());
            return new Stays(allSessions, allOccupancy);
        }

        /** The same stays, whatever their order. */
        boolean sameAs(Stays other) {
            return Set.copyOf(sessions).equals(Set.copyOf(other.sessions)) && Set.copyOf(occupancy).equals(Set.copyOf(other.occupancy));
        }
    }

    /**
     * What one loaded snapshot saw of a channel it covers: its members calls ran between {@code at}
     * (the load's started_at) and {@code until} (its finished_at); {@code occupied} false when it did not list the channel.
     */
    public record Observation(Instant at, Instant until, Set<String> members, boolean occupied) {
    }

    static final String WEBHOOK = "webhook";
    static final String CHANNEL_VACATED = "channel_vacated";
    static final String SNAPSHOT = "snapshot";

    private static final Comparator<WebhookEvent> ORDER = Comparator.comparingLong(WebhookEvent::timeMs)
            .thenComparing(PresenceHistory::opens)
            .thenComparing(WebhookEvent::eventKey);

    private PresenceHistory() {
    }

    /** The stays of one channel from its events alone. */
    public static Stays of(List<WebhookEvent> channelEvents) {
        return of(Stays.NONE, channelEvents, List.of());
    }

    /**
     * The stays of one channel: its {@code open} stays (none, or the open rows to continue from),
     * then its events and observations in time order. An observation opens (by 'snapshot') the
     * members it lists that are not there, closes those there it does not list, and the same for
     * the occupancy; but not for a user (or the occupancy) with a webhook event inside its window,
     * whose exact time wins.
     */
    public static Stays of(Stays open, List<WebhookEvent> channelEvents, List<Observation> observations) {
        List<WebhookEvent> events = distinct(channelEvents.stream().filter(WebhookEvent::shapesHistory).sorted(ORDER).toList());
        Map<String, Session> present = new LinkedHashMap<>();
        open.sessions().forEach(s -> present.put(s.userId(), s));
        List<Session> sessions = new ArrayList<>();
        List<Occupancy> occupancy = new ArrayList<>();
        Occupancy[] occupied = {open.occupancy().isEmpty() ? null : open.occupancy().get(0)};
        List<Observation> sorted = observations.stream()
                .sorted(Comparator.comparing(Observation::at).thenComparing(Observation::until)).toList();
        int next = 0;
        for (WebhookEvent e : events) {
            while (next < sorted.size() && sorted.get(next).at().isBefore(e.time())) {
                observe(sorted.get(next++), events, present, sessions, occupied, occupancy);
            }
            switch (e.name()) {
                case WebhookEvent.MEMBER_ADDED -> present.putIfAbsent(e.userId(), new Session(e.userId(), e.time(), null, WEBHOOK, null));
                case WebhookEvent.MEMBER_REMOVED -> {
                    Session s = present.remove(e.userId());
                    if (s != null) {
                        sessions.add(closed(s, e.time(), WEBHOOK));
                    }
                }
                case WebhookEvent.CHANNEL_OCCUPIED -> occupied[0] = occupied[0] == null
                        ? new Occupancy(e.time(), null, WEBHOOK, null) : occupied[0];
                case WebhookEvent.CHANNEL_VACATED -> {
                    present.values().forEach(s -> sessions.add(closed(s, e.time(), CHANNEL_VACATED)));
                    present.clear();
                    vacate(occupied, occupancy, e.time(), WEBHOOK);
                }
                default -> throw new IllegalStateException("not a history event: " + e.name());
            }
        }
        while (next < sorted.size()) {
            observe(sorted.get(next++), events, present, sessions, occupied, occupancy);
        }
        sessions.addAll(present.values());
        if (occupied[0] != null) {
            occupancy.add(occupied[0]);
        }
        return new Stays(sessions, occupancy);
    }

    private static void observe(Observation o, List<WebhookEvent> events, Map<String, Session> present,
                                List<Session> sessions, Occupancy[] occupied, List<Occupancy> occupancy) {
        Set<String> exact = new HashSet<>();
        boolean occupancyExact = false;
        for (WebhookEvent e : inWindow(events, o)) {
            if (e.userId() != null) {
                exact.add(e.userId());
            } else {
                occupancyExact = true;
            }
        }
        for (Session s : List.copyOf(present.values())) {
            if (!o.members().contains(s.userId()) && !exact.contains(s.userId())) {
                sessions.add(closed(present.remove(s.userId()), o.at(), SNAPSHOT));
            }
        }
        o.members().stream().sorted().filter(user -> !present.containsKey(user) && !exact.contains(user))
                .forEach(user -> present.put(user, new Session(user, o.at(), null, SNAPSHOT, null)));
        if (!occupancyExact && o.occupied() && occupied[0] == null) {
            occupied[0] = new Occupancy(o.at(), null, SNAPSHOT, null);
        } else if (!occupancyExact && !o.occupied()) {
            vacate(occupied, occupancy, o.at(), SNAPSHOT);
        }
    }

    /** The events (sorted) from the observation's start to its end, found by binary search. */
    private static List<WebhookEvent> inWindow(List<WebhookEvent> events, Observation o) {
        int low = 0;
        int high = events.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (events.get(middle).time().isBefore(o.at())) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        int end = low;
        while (end < events.size() && !events.get(end).time().isAfter(o.until())) {
            end++;
        }
        return events.subList(low, end);
    }

    private static void vacate(Occupancy[] occupied, List<Occupancy> occupancy, Instant at, String by) {
        if (occupied[0] != null) {
            occupancy.add(new Occupancy(occupied[0].occupiedAt(), at, occupied[0].occupiedBy(), by));
            occupied[0] = null;
        }
    }

    private static Session closed(Session open, Instant at, String by) {
        return new Session(open.userId(), open.joinedAt(), at, open.joinedBy(), by);
    }

    private static List<WebhookEvent> distinct(List<WebhookEvent> sorted) {
        List<WebhookEvent> once = new ArrayList<>();
        for (WebhookEvent e : sorted) {
            if (once.isEmpty() || !once.get(once.size() - 1).eventKey().equals(e.eventKey())) {
                once.add(e);
            }
        }
        return once;
    }

    /** 0 for events that close a stay, 1 for those that open one. */
    private static int opens(WebhookEvent e) {
        return e.name().equals(WebhookEvent.MEMBER_ADDED) || e.name().equals(WebhookEvent.CHANNEL_OCCUPIED) ? 1 : 0;
    }
}
