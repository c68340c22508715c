package io.pusherpipeline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import io.pusherpipeline.encryption.ChannelEncryption;
import io.pusherpipeline.signing.PusherSignature;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One valid event to publish: where it was in its input, which app and channels it goes to, and what
 * it carries. {@code app} is a name of pusher.apps, or "" for the app of pusher.app-id.
 */
public record PusherEvent(int index, List<String> channels, String name, String data, String socketId, String info, String app) {

    private static final ObjectMapper JSON = Json.MAPPER;

    public PusherEvent {
        app = app == null ? "" : app;
    }

    /** An event to the app of pusher.app-id. */
    public PusherEvent(int index, List<String> channels, String name, String data, String socketId, String info) {
        this(index, channels, name, data, socketId, info, "");
    }

    public boolean isSingleChannel() {
        return channels.size() == 1;
    }

    /** Goes in a {@code POST /batch_events}: one channel, not a user's (those go through /events, as the official libraries send them). */
    public boolean isBatchable() {
        return isSingleChannel() && !channels.get(0).startsWith(EventRules.USER_CHANNEL_PREFIX);
    }

    /** As sent: to a private-encrypted- channel with its data sealed (fresh nonce each time), else itself. */
    public PusherEvent sealed(ChannelEncryption encryption) {
        if (!isSingleChannel() || !ChannelEncryption.isEncrypted(channels.get(0))) {
            return this;
        }
        return new PusherEvent(index, channels, name, encryption.encrypt(channels.get(0), data), socketId, info, app);
    }

    /** As sent beside a listener on {@code socket}: with it as socket_id, unless the event names its own. */
    public PusherEvent skipping(String socket) {
        return socket == null || socketId != null ? this : new PusherEvent(index, channels, name, data, socket, info, app);
    }

    public int dataBytes() {
        return data.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The body of {@code POST /events}: name, channels, data and the optional fields. */
    public Map<String, Object> asEventsBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("channels", channels);
        body.put("data", data);
        optional(body);
        return body;
    }

    /** One entry of {@code POST /batch_events}: a single channel. */
    public Map<String, Object> asBatchEntry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("channel", channels.get(0));
        entry.put("name", name);
        entry.put("data", data);
        optional(entry);
        return entry;
    }

    /**
     * Identifies this event within its source: the source, its index and a hash of what the user gave
     * (the plaintext: a sealed event differs with every nonce),
     * so a corrected event under the same name and index is new, and an unchanged one is not.
     * A named app is part of what was given: the same event to two apps is two events; the single
     * app's keys stay as they were before apps could be named.
     */
    public String key(String source) {
        try {
            Map<String, Object> given = asEventsBody();
            if (!app.isEmpty()) {
                given.put("app", app);
            }
            byte[] content = JSON.writeValueAsBytes(given);
            return source + "#" + index + "#" + PusherSignature.bodyMd5(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of strings cannot fail to serialise", e);
        }
    }

    private void optional(Map<String, Object> body) {
        if (socketId != null) {
            body.put("socket_id", socketId);
        }
        if (info != null) {
            body.put("info", info);
        }
    }
}
