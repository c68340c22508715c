package io.pusherpipeline.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stays of one channel that its webhook events describe, as a pure function of the set of
 * events: sorted by time, so neither the order they arrived in nor repeats change the result.
 * Events of one batch share its time_ms; at the same time a leave is applied before a join.
 */
public final class PresenceHistory {

    /** One stay of a user in a presence channel; {@code leftAt} null while still there. */
    public record Session(String userId, Instant joinedAt, Instant leftAt, String joinedBy, String leftBy) {
    }

    /** One time the channel was occupied; {@code vacatedAt} null while still occupied. */
    public record Occupancy(Instant occupiedAt, Instant vacatedAt, String occupiedBy, String vacatedBy) {
    }

    public record Stays(List<Session> sessions, List<Occupancy> occupancy) {
    }

    static final String WEBHOOK = "webhook";
    static final String CHANNEL_VACATED = "channel_vacated";

    private static final Comparator<WebhookEvent> ORDER = Comparator.comparingLong(WebhookEvent::timeMs)
            .thenComparing(PresenceHistory::opens)
            .thenComparing(WebhookEvent::eventKey);

    private PresenceHistory() {
    }

    /** The stays of one channel from its events (other events and other channels' are ignored by the caller). */
    public static Stays of(List<WebhookEvent> channelEvents) {
        List<WebhookEvent> events = channelEvents.stream().filter(WebhookEvent::shapesHistory).sorted(ORDER).toList();
        Map<String, Instant> present = new LinkedHashMap<>();
        List<Session> sessions = new ArrayList<>();
        List<Occupancy> occupancy = new ArrayList<>();
        Instant occupiedSince = null;
        String previousKey = null;
        for (WebhookEvent e : events) {
            if (e.eventKey().equals(previousKey)) {
                continue;
            }
            previousKey = e.eventKey();
            switch (e.name()) {
                case WebhookEvent.MEMBER_ADDED -> present.putIfAbsent(e.userId(), e.time());
                case WebhookEvent.MEMBER_REMOVED -> {
                    Instant joined = present.remove(e.userId());
                    if (joined != null) {
                        sessions.add(new Session(e.userId(), joined, e.time(), WEBHOOK, WEBHOOK));
                    }
                }
                case WebhookEvent.CHANNEL_OCCUPIED -> occupiedSince = occupiedSince == null ? e.time() : occupiedSince;
                case WebhookEvent.CHANNEL_VACATED -> {
                    present.forEach((user, joined) -> sessions.add(new Session(user, joined, e.time(), WEBHOOK, CHANNEL_VACATED)));
                    present.clear();
                    if (occupiedSince != null) {
                        occupancy.add(new Occupancy(occupiedSince, e.time(), WEBHOOK, WEBHOOK));
                        occupiedSince = null;
                    }
                }
                default -> throw new IllegalStateException("not a history event: " + e.name());
            }
        }
        present.forEach((user, joined) -> sessions.add(new Session(user, joined, null, WEBHOOK, null)));
        if (occupiedSince != null) {
            occupancy.add(new Occupancy(occupiedSince, null, WEBHOOK, null));
        }
        return new Stays(sessions, occupancy);
    }

    /** 0 for events that close a stay, 1 for those that open one. */
    private static int opens(WebhookEvent e) {
        return e.name().equals(WebhookEvent.MEMBER_ADDED) || e.name().equals(WebhookEvent.CHANNEL_OCCUPIED) ? 1 : 0;
    }
}
