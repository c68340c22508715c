package io.pusherpipeline.webhooks;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the stays of the channels new events touch up to date, so that they are always those
 * {@link PresenceHistory} derives from all of a channel's stored events and snapshot observations,
 * whatever the order of arrival.
 */
final class ChannelStays {

    private ChannelStays() {
    }

    /** The new events that shape history, by channel. */
    static Map<String, List<WebhookEvent>> byChannel(List<WebhookEvent> added) {
        Map<String, List<WebhookEvent>> byChannel = new LinkedHashMap<>();
        added.stream().filter(WebhookEvent::shapesHistory)
                .forEach(e -> byChannel.computeIfAbsent(e.channel(), channel -> new ArrayList<>()).add(e));
        return byChannel;
    }

    /**
     * Per channel, the latest time of the stored events that shape its history, or of the end of a
     * snapshot observing it, where that is not earlier than the new events (absent otherwise); asked
     * before the new events are inserted.
     */
    static Map<String, Long> latestBefore(WebhookRows events, String appId, Map<String, List<WebhookEvent>> byChannel)
            throws SQLException {
        Map<String, Long> latest = new HashMap<>();
        List<String> channels = List.copyOf(byChannel.keySet());
        for (int from = 0; from < channels.size(); from += events.keysPerQuery()) {
            List<String> part = channels.subList(from, Math.min(channels.size(), from + events.keysPerQuery()));
            latest.putAll(events.latestHistoryTimes(appId, part, earliest(part.stream().flatMap(c -> byChannel.get(c).stream()).toList())));
        }
        if (!channels.isEmpty()) {
            long earliest = earliest(byChannel.values().stream().flatMap(List::stream).toList());
            for (Observations.Load load : events.observations().reaching(appId, Instant.ofEpochMilli(earliest))) {
                channels.stream().filter(load::covers).forEach(c -> latest.merge(c, load.until().toEpochMilli(), Math::max));
            }
        }
        return latest;
    }

    /**
     * Called after the new events are inserted. A channel's events later than every event stored
     * and every snapshot before ({@code latestBefore} has no time for it, or an earlier one), the usual
     * case, continue from its open stays: for all such channels in a few statements. Others derive the
     * channel again ({@link #rederive}).
     */
    static void update(WebhookRows events, StayRows stays, String appId, Map<String, List<WebhookEvent>> byChannel,
                       Map<String, Long> latestBefore) throws SQLException {
        List<String> continued = new ArrayList<>();
        for (Map.Entry<String, List<WebhookEvent>> channel : byChannel.entrySet()) {
            long earliest = earliest(channel.getValue());
            Long latest = latestBefore.get(channel.getKey());
            if (latest == null || earliest > latest) {
                continued.add(channel.getKey());
            } else {
                rederive(events, stays, appId, channel.getKey(), earliest);
            }
        }
        for (int from = 0; from < continued.size(); from += stays.keysPerQuery()) {
            List<String> part = continued.subList(from, Math.min(continued.size(), from + stays.keysPerQuery()));
            Map<String, PresenceHistory.Stays> open = stays.openStays(appId, part);
            Map<String, PresenceHistory.Stays> updated = new LinkedHashMap<>();
            for (String channel : part) {
                updated.put(channel, PresenceHistory.of(open.get(channel), byChannel.get(channel), List.of()));
            }
            stays.replaceOpen(appId, open, updated);
        }
    }

    /**
     * Derives the channel's stays again from what may change since {@code earliest}: from its last
     * channel_vacated before that (which closed every stay, so nothing earlier matters), and before
     * any snapshot whose members calls were still running at {@code earliest} (its verdicts change).
     */
    static void rederive(WebhookRows events, StayRows stays, String appId, String channel, long earliest)
            throws SQLException {
        Observations observations = events.observations();
        long reach = earliest;
        for (Observations.Load load : observations.reaching(appId, Instant.ofEpochMilli(earliest))) {
            reach = load.covers(channel) ? Math.min(reach, load.at().toEpochMilli()) : reach;
        }
        Long vacated = events.lastVacatedBefore(appId, channel, reach);
        long from = vacated == null ? 0 : vacated;
        stays.replaceSince(appId, channel, Instant.ofEpochMilli(from), PresenceHistory.of(PresenceHistory.Stays.NONE,
                events.historyEvents(appId, channel, from), observations.of(appId, channel, Instant.ofEpochMilli(from))));
    }

    private static long earliest(List<WebhookEvent> events) {
        return events.stream().mapToLong(WebhookEvent::timeMs).min().orElseThrow();
    }
}
