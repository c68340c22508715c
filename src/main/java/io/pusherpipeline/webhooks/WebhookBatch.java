package io.pusherpipeline.webhooks;

import io.pusherpipeline.Json;
import io.pusherpipeline.storage.StoredText;
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

/**
 * A verified webhook body of one app, {@code {"time_ms": N, "events": [...]}}, read into its events:
 * those of the documented shape, their text as stored ({@link StoredText}), and those that break it
 * ({@link EventShape}), kept aside as {@link WebhookReject}s.
 */
public record WebhookBatch(String appId, long timeMs, List<WebhookEvent> events, List<WebhookReject> rejects) {

    private static final ObjectMapper JSON = Json.MAPPER;
    /** 9999-12-31T23:59:59.999Z, the last instant every database here can hold as a timestamp. */
    static final long LATEST_TIME_MS = 253_402_300_799_999L;

    public WebhookBatch(String appId, long timeMs, List<WebhookEvent> events) {
        this(appId, timeMs, events, List.of());
    }

    /**
     * Parses a body whose signature was checked. A body that is not the documented shape (JSON,
     * time_ms, an events list) is refused with 400; an event that is not, is one reject of the batch.
     */
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
        if (time.asLong() > LATEST_TIME_MS) {
            throw wrongShape("time_ms is after the year 9999");
        }
        if (!root.path("events").isArray()) {
            throw wrongShape("there is no events list");
        }
        long timeMs = root.get("time_ms").asLong();
        List<WebhookEvent> events = new ArrayList<>();
        List<WebhookReject> rejects = new ArrayList<>();
        int index = 0;
        for (JsonNode event : root.get("events")) {
            String key = key(appId, timeMs, event);
            String data = event.isObject() ? text(event.get("data")) : null;
            String broken = EventShape.broken(event, data);
            if (broken == null) {
                events.add(new WebhookEvent(key, appId, timeMs, event.get("name").asText(), stored(event, "channel"),
                        stored(event, "user_id"), stored(event, "event"), StoredText.store(data), stored(event, "socket_id"),
                        event.hasNonNull("subscription_count") ? event.get("subscription_count").asInt() : null));
            } else {
                rejects.add(new WebhookReject(key, appId, timeMs, index, event.path("name").isTextual()
                        ? event.get("name").asText() : null, broken, json(event)));
            }
            index++;
        }
        return new WebhookBatch(appId, timeMs, List.copyOf(events), List.copyOf(rejects));
    }

    private static String stored(JsonNode event, String field) {
        return StoredText.store(text(event.get(field)));
    }

    /** The idempotency key: the same event of the same app at the same time_ms is stored once. */
    static String key(String appId, long timeMs, JsonNode event) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // As stored: UTF-8 would turn every lone surrogate into '?', and two different events into one key.
            sha.update((appId + "\n" + timeMs + "\n" + StoredText.store(json(event))).getBytes(StandardCharsets.UTF_8));
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

    private static WebhookRefused wrongShape(String reason) {
        return new WebhookRefused(400, "wrong_shape", reason);
    }
}
