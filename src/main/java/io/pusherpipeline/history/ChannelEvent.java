package io.pusherpipeline.history;

import io.pusherpipeline.storage.StoredText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * One row of {@code channel_events} before its {@code seq} is given: text as stored
 * ({@link StoredText#store}), {@code eventKey} the 64 hex characters that keep it once per app.
 */
public record ChannelEvent(String appId, String channel, String eventName, String data, String userId, String socketId,
                           String source, OffsetDateTime occurredAt, String eventKey) {

    /** An event Pusher accepted from the inbox or {@code direct:pusher-publish}. */
    public static final String PUBLISHED = "published";
    /** A {@code client_event} webhook: an event a client sent on the channel. */
    public static final String CLIENT_EVENT = "client_event";
    /** An event the archiver received as a subscriber of the channel (published by another server, or a client). */
    public static final String ARCHIVER = "archiver";

    /** The key of a published event on one of its channels: the journal's key and the channel, hashed to fit. */
    public static String publishedKey(String journalKey, String channel) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((journalKey + "\n" + channel).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
