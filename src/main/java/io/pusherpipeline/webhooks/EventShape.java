package io.pusherpipeline.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.storage.StoredText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented shape of one webhook event (Pusher's webhook reference): which rule an event
 * breaks, if any. Widths are the columns' of {@code webhook_events}, counted on the stored
 * (escaped, {@link StoredText}) text.
 */
final class EventShape {

    static final int DATA_WIDTH = 1_000_000;
    private static final Map<String, Integer> TEXT_FIELDS = new LinkedHashMap<>();

    static {
        TEXT_FIELDS.put("channel", 200);
        TEXT_FIELDS.put("user_id", 1000);
        TEXT_FIELDS.put("event", 200);
        TEXT_FIELDS.put("socket_id", 100);
    }

    private EventShape() {
    }

    /** The rule the event breaks, said for a log line, or null when it has the documented shape. */
    static String broken(JsonNode event, String data) {
        if (!event.isObject()) {
            return "it is not a JSON object";
        }
        if (!event.path("name").isTextual()) {
            return "it has no name";
        }
        String name = event.get("name").asText();
        if (!WebhookEvent.KNOWN.contains(name)) {
            return "its name is not one Pusher documents (" + String.join(", ", WebhookEvent.KNOWN.stream().sorted().toList()) + ")";
        }
        for (Map.Entry<String, Integer> field : TEXT_FIELDS.entrySet()) {
            JsonNode value = event.get(field.getKey());
            if (value != null && !value.isNull() && !value.isTextual()) {
                return "its " + field.getKey() + " is not a string";
            }
            if (value != null && value.isTextual() && StoredText.store(value.asText()).length() > field.getValue()) {
                return "its " + field.getKey() + " is longer than " + field.getValue() + " characters";
            }
        }
        if (!event.path("channel").isTextual()) {
            return "it has no channel";
        }
        if ((name.equals(WebhookEvent.MEMBER_ADDED) || name.equals(WebhookEvent.MEMBER_REMOVED)) && !event.path("user_id").isTextual()) {
            return "it is a member event without a user_id";
        }
        if ((name.equals(WebhookEvent.CHANNEL_OCCUPIED) || name.equals(WebhookEvent.CHANNEL_VACATED)) && event.hasNonNull("user_id")) {
            return "it is a channel event with a user_id (only member and client events have one)";
        }
        JsonNode count = event.get("subscription_count");
        if (count != null && !count.isNull() && !(count.isIntegralNumber() && count.canConvertToInt() && count.asInt() >= 0)) {
            return "its subscription_count is not a whole number";
        }
        if (data != null && StoredText.store(data).length() > DATA_WIDTH) {
            return "its data is longer than " + DATA_WIDTH + " characters";
        }
        return null;
    }
}
