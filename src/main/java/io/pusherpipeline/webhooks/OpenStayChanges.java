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
 * open, unchanged (same start, same observer), stays as it is; only the others are deleted, and only
 * the new or changed stays inserted. Most events change one row of a channel, so this writes one or
 * two rows, not all of them.
 */
record OpenStayChanges(List<Row> removedSessions, List<Row> removedOccupancy, Map<String, PresenceHistory.Stays> added) {

    /** An open row by its key (the user, null for occupancy, and when the stay began) and what opened it. */
    record Row(String channel, String userId, Instant since, String by) {
    }

    /** {@code open}: per channel, its open stays as read ({@link StayRows#openStays}); {@code updated}: its new stays. */
    static OpenStayChanges of(Map<String, PresenceHistory.Stays> open, Map<String, PresenceHistory.Stays> updated) {
        List<Row> removedSessions = new ArrayList<>();
        List<Row> removedOccupancy = new ArrayList<>();
        Map<String, PresenceHistory.Stays> added = new LinkedHashMap<>();
        updated.forEach((channel, stays) -> {
            PresenceHistory.Stays before = open.getOrDefault(channel, PresenceHistory.Stays.NONE);
            Set<Row> sessionsBefore = new HashSet<>();
            before.sessions().forEach(s -> sessionsBefore.add(new Row(channel, s.userId(), s.joinedAt(), s.joinedBy())));
            Set<Row> occupancyBefore = new HashSet<>();
            before.occupancy().forEach(o -> occupancyBefore.add(new Row(channel, null, o.occupiedAt(), o.occupiedBy())));
            List<PresenceHistory.Session> sessions = new ArrayList<>();
            for (PresenceHistory.Session s : stays.sessions()) {
                if (s.leftAt() != null || !sessionsBefore.remove(new Row(channel, s.userId(), s.joinedAt(), s.joinedBy()))) {
                    sessions.add(s);
                }
            }
            List<PresenceHistory.Occupancy> occupancy = new ArrayList<>();
            for (PresenceHistory.Occupancy o : stays.occupancy()) {
                if (o.vacatedAt() != null || !occupancyBefore.remove(new Row(channel, null, o.occupiedAt(), o.occupiedBy()))) {
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
