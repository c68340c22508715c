package io.pusherpipeline.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows that change when a channel's open stays become its new stays: an open row that is still
 * open, unchanged, stays as it is; only the others are deleted, and only the new or changed stays
 * inserted. Most events change one row of a channel, so this writes one or two rows, not all of them.
 */
record OpenStayChanges(List<Row> removedSessions, List<Row> removedOccupancy, Map<String, PresenceHistory.Stays> added) {

    /** An open row by its key: the user (null for occupancy) and when the stay began. */
    record Row(String channel, String userId, Instant since) {
    }

    /**
     * {@code open}: per channel, its open webhook rows as the events that opened them
     * ({@link StayRows#openStaysAsEvents}); {@code updated}: per channel, its stays from those and the new events.
     */
    static OpenStayChanges of(Map<String, List<WebhookEvent>> open, Map<String, PresenceHistory.Stays> updated) {
        List<Row> removedSessions = new ArrayList<>();
        List<Row> removedOccupancy = new ArrayList<>();
        Map<String, PresenceHistory.Stays> added = new LinkedHashMap<>();
        updated.forEach((channel, stays) -> {
            Set<Row> sessionsBefore = new HashSet<>();
            Set<Row> occupancyBefore = new HashSet<>();
            for (WebhookEvent e : open.getOrDefault(channel, List.of())) {
                (e.name().equals(WebhookEvent.MEMBER_ADDED) ? sessionsBefore : occupancyBefore)
                        .add(new Row(channel, e.userId(), e.time()));
            }
            List<PresenceHistory.Session> sessions = new ArrayList<>();
            for (PresenceHistory.Session s : stays.sessions()) {
                if (s.leftAt() != null || !sessionsBefore.remove(new Row(channel, s.userId(), s.joinedAt()))) {
                    sessions.add(s);
                }
            }
            List<PresenceHistory.Occupancy> occupancy = new ArrayList<>();
            for (PresenceHistory.Occupancy o : stays.occupancy()) {
                if (o.vacatedAt() != null || !occupancyBefore.remove(new Row(channel, null, o.occupiedAt()))) {
                    occupancy.add(o);
                }
            }
            removedSessions.addAll(sessionsBefore);
            removedOccupancy.addAll(occupancyBefore);
            added.put(channel, new PresenceHistory.Stays(sessions, occupancy));
        });
        return new OpenStayChanges(removedSessions, removedOccupancy, added);
    }
}
