package io.pusherpipeline.webhooks;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the stays of the channels new events touch up to date, so that they are always those
 * {@link PresenceHistory} derives from all of a channel's stored events, whatever the order of arrival.
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
     * Events later than every event stored before ({@code latestBefore}, null for none), the usual
     * case, continue from the channel's open stays. Others derive the channel again from its last
     * channel_vacated before them: that closed every stay, so nothing earlier matters.
     */
    static void update(WebhookRows events, StayRows stays, String appId, String channel, List<WebhookEvent> added,
                       Long latestBefore) throws SQLException {
        long earliest = added.stream().mapToLong(WebhookEvent::timeMs).min().orElseThrow();
        if (latestBefore == null || earliest > latestBefore) {
            List<WebhookEvent> continued = new ArrayList<>(stays.openStaysAsEvents(appId, channel));
            continued.addAll(added);
            stays.replaceOpen(appId, channel, PresenceHistory.of(continued));
        } else {
            Long vacated = events.lastVacatedBefore(appId, channel, earliest);
            long from = vacated == null ? 0 : vacated;
            stays.replaceSince(appId, channel, Instant.ofEpochMilli(from),
                    PresenceHistory.of(events.historyEvents(appId, channel, from)));
        }
    }
}
