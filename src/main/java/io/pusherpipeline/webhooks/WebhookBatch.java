package io.pusherpipeline.webhooks;

import io.pusherpipeline.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A verified webhook body of one app, {@code {"time_ms": N, "events": [...]}}, read into its events. */
public record WebhookBatch(String appId, long timeMs, List<WebhookEvent> events) {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** Parses a body whose signature was checked; a body that is not the documented shape is refused with 400. */
    public static WebhookBatch parse(String appId, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new WebhookRefused(400, "not_json", "the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw wrongShape("the body is not a JSON object");
        }
        JsonNode time = root.path("time_ms");
        if (!time.isIntegralNumber() || !time.canConvertToLong() || time.asLong() < 0) {
            throw wrongShape("time_ms is missing or not a whole number of milliseconds");
        }
        if (!root.path("events").isArray()) {
            throw wrongShape("there is no events list");
        }
        long timeMs = root.get("time_ms").asLong();
        List<WebhookEvent> events = new ArrayList<>();
        int index = 0;
        for (JsonNode event : root.get("events")) {
            events.add(event(appId, timeMs, event, index++));
        }
        return new WebhookBatch(appId, timeMs, List.copyOf(events));
    }

    private static WebhookEvent event(String appId, long timeMs, JsonNode event, int index) {
        if (!event.isObject() || !event.path("name").isTextual()) {
            throw wrongShape("event " + index + " has no name");
        }
        String name = event.get("name").asText();
        boolean known = WebhookEvent.KNOWN.contains(name);
        String data = known ? text(event.get("data")) : json(event);
        JsonNode count = event.get("subscription_count");
        return new WebhookEvent(key(appId, timeMs, event), appId, timeMs, checked(name, 200, "name", index),
                checked(text(event.get("channel")), 200, "channel", index),
                checked(text(event.get("user_id")), 1000, "user_id", index),
                checked(text(event.get("event")), 200, "event", index), checked(data, 1_000_000, "data", index),
                checked(text(event.get("socket_id")), 100, "socket_id", index),
                count != null && count.canConvertToInt() ? count.asInt() : null);
    }

    /** The idempotency key: the same event of the same app at the same time_ms is stored once. */
    static String key(String appId, long timeMs, JsonNode event) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((appId + "\n" + timeMs + "\n" + json(event)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A text value as is, any other JSON value (soketi sends client_event data as an object) as JSON. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : json(value);
    }

    private static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree is always writable", e);
        }
    }

    private static String checked(String value, int maxLength, String field, int index) {
        if (value != null && value.length() > maxLength) {
            throw wrongShape("event " + index + " has a " + field + " longer than " + maxLength + " characters");
        }
        return value;
    }

    private static WebhookRefused wrongShape(String reason) {
        return new WebhookRefused(400, "wrong_shape", reason);
    }
}
