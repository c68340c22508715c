package io.pusherpipeline.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archiver's connection to Pusher over its life: connects when {@link Reconnects} says so, waits for
 * connection_established, answers and sends pings, subscribes to the {@link FollowedChannels} and leaves the
 * others, hands each received event to the {@link ArchiveWriter}, and records a lost connection as a gap.
 */
final class ArchiverSession {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.archive");
    private static final Duration ESTABLISH_WAIT = Duration.ofSeconds(30);
    /** Pusher's clients wait 30 s for a pong before they give the connection up. */
    private static final Duration PONG_WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ArchiverConnection.Events events = new ArchiverConnection.Events() {
        @Override
        public void frame(ArchiverConnection connection, String text) {
            ArchiverSession.this.frame(connection, text);
        }

        @Override
        public void lost(ArchiverConnection connection, int code, String reason) {
            ArchiverSession.this.lost(connection, code, reason);
        }
    };
    private final String appId;
    private final String appKey;
    private final String appSecret;
    private final URI uri;
    private final FollowedChannels followed;
    private final ArchiveWriter writer;
    private final Reconnects reconnects;
    private volatile ArchiverConnection current;

    ArchiverSession(String appId, String appKey, String appSecret, URI uri, FollowedChannels followed, ArchiveWriter writer,
                    Reconnects reconnects) {
        this.appId = appId;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.uri = uri;
        this.followed = followed;
        this.writer = writer;
        this.reconnects = reconnects;
    }

    /** Connects when due; once connected keeps it alive and its subscriptions, and ends the gap once all are subscribed. */
    void tick(Instant now) {
        ArchiverConnection c = current;
        if (c == null) {
            if (reconnects.due(now)) {
                connect();
            }
            return;
        }
        if (!c.established()) {
            if (Duration.between(c.openedAt, now).compareTo(ESTABLISH_WAIT) > 0) {
                c.end(-1, "no pusher:connection_established within " + ESTABLISH_WAIT.toSeconds() + " s");
                c.close(1000, "no connection_established");
            }
            return;
        }
        c.keepAlive(now, PONG_WAIT);
        follow(c);
        if (writer.gapOpen() && followed.allSubscribed(c.subscribed, c.asked)) {
            writer.closeGap(now);
        }
    }

    /** Closes the connection, if any: the archiver stops. */
    void close() {
        ArchiverConnection c = current;
        current = null;
        if (c != null) {
            c.close(1000, "pusher-pipeline archiver stopping");
        }
    }

    /** The connection's channels and since when, none while not connected. */
    Map<String, Instant> subscribed() {
        ArchiverConnection c = current;
        return c == null ? Map.of() : c.subscribed;
    }

    /** The socket id while connected, else null. */
    String socketId() {
        ArchiverConnection c = current;
        return c == null ? null : c.socketId;
    }

    private void connect() {
        ArchiverConnection c = new ArchiverConnection(events);
        current = c;
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, c).whenComplete((ws, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                c.end(-1, "cannot connect to " + uri.getScheme() + "://" + uri.getAuthority() + ": " + cause);
            }
        });
    }

    /** Subscribes to the channels it should follow, and leaves those it should not. */
    private void follow(ArchiverConnection c) {
        for (String channel : followed.wanted()) {
            if (!c.subscribed.containsKey(channel) && !followed.isRefused(channel) && c.asked.add(channel)) {
                c.send(Frames.subscribe(channel, appKey, appSecret, c.socketId), e -> c.end(-1, "cannot subscribe: " + e));
            }
        }
        for (String channel : Set.copyOf(c.subscribed.keySet())) {
            if (!followed.wanted().contains(channel)) {
                c.subscribed.remove(channel);
                c.send(Frames.unsubscribe(channel), e -> c.end(-1, "cannot unsubscribe: " + e));
                LOG.info("Archiver left channel {} (vacated, or the archiver alone in it)", channel);
            }
        }
    }

    private void frame(ArchiverConnection c, String text) {
        if (c != current) {
            return;
        }
        c.pingSentAt = null;
        Frames.Frame frame;
        try {
            frame = Frames.parse(text);
        } catch (java.io.IOException e) {
            LOG.warn("The archiver got a frame that is not JSON, left out: {}", e.getMessage());
            return;
        }
        try {
            switch (frame.event()) {
                case "pusher:connection_established" -> {
                    JsonNode data = Frames.dataObject(frame.data());
                    c.activityTimeoutMs = Math.max(1, data.path("activity_timeout").asLong(120)) * 1000;
                    c.socketId = data.path("socket_id").asText();
                    reconnects.connected();
                    LOG.info("Archiver connected to {}://{} as socket {}", uri.getScheme(), uri.getAuthority(), c.socketId);
                }
                case "pusher:ping" -> c.send(Frames.pong(), e -> c.end(-1, "cannot send pusher:pong: " + e));
                case "pusher_internal:subscription_succeeded" -> {
                    c.asked.remove(frame.channel());
                    c.subscribed.put(frame.channel(), Instant.now());
                    LOG.info("Archiving channel {}", frame.channel());
                }
                case "pusher:subscription_error" -> {
                    c.asked.remove(frame.channel());
                    followed.refused(frame.channel());
                    LOG.warn("Pusher refused the archiver's subscription to {}: {}", frame.channel(), frame.data());
                }
                // 4200-4299 only announce a close that asks for a new connection at once: no fault of ours.
                case "pusher:error" -> {
                    int code = Frames.dataObject(frame.data()).path("code").asInt(0);
                    if (CloseCodes.next(code) == CloseCodes.Next.AT_ONCE) {
                        LOG.info("Pusher announced a reconnect to the archiver: {}", frame.data());
                    } else {
                        LOG.warn("Pusher reported an error to the archiver: {}", frame.data());
                    }
                }
                default -> {
                    if (!frame.isProtocol() && frame.channel() != null) {
                        received(c, frame);
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("The archiver could not take a {} frame: {}", frame.event(), e.getMessage());
        }
    }

    private void received(ArchiverConnection c, Frames.Frame frame) {
        writer.add(frame.archived(appId, c.socketId, c.sequence.incrementAndGet()));
    }

    private void lost(ArchiverConnection c, int code, String reason) {
        if (c != current) {
            return;
        }
        current = null;
        String said = code < 0 ? reason : "close code " + code + (reason == null || reason.isBlank() ? "" : ": " + reason);
        writer.openGap("archiver disconnected (" + said + ")");
        reconnects.closed(code, said);
    }
}
