package io.pusherpipeline.webhooks;

import java.time.Instant;
import java.util.Set;

/**
 * One verified webhook event as stored in {@code webhook_events}: the fields Pusher documents,
 * null where the event has none. {@code data} is the event's data as text (JSON when Pusher sent
 * an object), or the whole event's JSON for an event name this build does not know.
 */
public record WebhookEvent(String eventKey, String appId, long timeMs, String name, String channel, String userId,
                           String clientEvent, String data, String socketId, Integer subscriptionCount) {

    public static final String MEMBER_ADDED = "member_added";
    public static final String MEMBER_REMOVED = "member_removed";
    public static final String CHANNEL_OCCUPIED = "channel_occupied";
    public static final String CHANNEL_VACATED = "channel_vacated";
    public static final String CLIENT_EVENT = "client_event";

    /** The names Pusher documents; any other is stored as received and derives nothing. */
    static final Set<String> KNOWN = Set.of(MEMBER_ADDED, MEMBER_REMOVED, CHANNEL_OCCUPIED,
            CHANNEL_VACATED, CLIENT_EVENT, "cache_miss", "subscription_count");

    /** Whether this event opens or closes a session or an occupancy. */
    public boolean shapesHistory() {
        return channel != null && (name.equals(MEMBER_ADDED) || name.equals(MEMBER_REMOVED)
                || name.equals(CHANNEL_OCCUPIED) || name.equals(CHANNEL_VACATED));
    }

    /** Whether this event is a client's event on a channel, kept in {@code channel_events}: one with an event name. */
    public boolean isChannelEvent() {
        return name.equals(CLIENT_EVENT) && channel != null && clientEvent != null;
    }

    public Instant time() {
        return Instant.ofEpochMilli(timeMs);
    }
}
