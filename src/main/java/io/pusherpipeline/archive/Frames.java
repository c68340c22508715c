package io.pusherpipeline.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pusherpipeline.Json;
import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.storage.StoredText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** The frames of Pusher's websocket protocol 7 the archiver sends and reads, as pure functions. */
final class Frames {

    /** One frame as received: {@code data} as text (a string as it is, any other JSON as its text), nulls where absent. */
    record Frame(String event, String channel, String data, String userId) {

        /**
         * The row of a received event, keyed unique per frame: a reconnect (a new socket) never stores a frame
         * again, and two equal events ({@code sequence}: its count on that socket) are two rows.
         */
        ChannelEvent archived(String appId, String socketId, long sequence) {
            String key = sha256(socketId + "\n" + sequence + "\n" + channel + "\n" + event + "\n" + data);
            return new ChannelEvent(appId, StoredText.store(channel), StoredText.store(event), data == null ? null : StoredText.store(data),
                    userId == null ? null : StoredText.store(userId), null, ChannelEvent.ARCHIVER,
                    OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), key);
        }


        boolean isProtocol() {
            return event.startsWith("pusher:") || event.startsWith("pusher_internal:");
        }
    }

    private Frames() {
    }

    static Frame parse(String text) throws JsonProcessingException {
        JsonNode node = Json.MAPPER.readTree(text);
        return new Frame(text(node, "event", ""), text(node, "channel", null), text(node, "data", null), text(node, "user_id", null));
    }

    /** The data of {@code pusher:connection_established} or {@code pusher:error}: a JSON string holding an object, or the object. */
    static JsonNode dataObject(String data) throws JsonProcessingException {
        return data == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(data);
    }

    static String subscribe(String channel, String key, String secret, String socketId) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("channel", channel);
        if (channel.startsWith("private-")) {
            // The auth a channel authorizer would give: key:hex(HMAC-SHA256(secret, socket_id:channel)).
            data.put("auth", key + ":" + WebhookSignature.sign(secret, (socketId + ":" + channel).getBytes(StandardCharsets.UTF_8)));
        }
        return frame("pusher:subscribe", data);
    }

    static String unsubscribe(String channel) {
        return frame("pusher:unsubscribe", Json.MAPPER.createObjectNode().put("channel", channel));
    }

    static String ping() {
        return frame("pusher:ping", Json.MAPPER.createObjectNode());
    }

    static String pong() {
        return frame("pusher:pong", Json.MAPPER.createObjectNode());
    }

    private static String frame(String event, ObjectNode data) {
        ObjectNode frame = Json.MAPPER.createObjectNode().put("event", event);
        frame.set("data", data);
        return frame.toString();
    }

    private static String text(JsonNode node, String field, String absent) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
