package io.pusherpipeline.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.Json;
import io.pusherpipeline.events.ListeningSocket;
import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.metrics.PipelineMetrics;
import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.webhooks.WebhookBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket archiver (docs/history.md, "Archiver"): a Pusher client of the app of pusher.app-*
 * subscribed to its occupied channels that pusher.archive.channels matches, keeping what it receives
 * in channel_events (source archiver) and the times it was not connected in channel_gaps. The timer of
 * routes/pusher-archive.yaml drives it (connect, subscribe, ping, store: one {@link #tick} each 100 ms);
 * the webhook and snapshot routes tell it which channels are occupied; its route's stop disconnects it.
 * The client is the JDK's java.net.http.WebSocket: RFC 6455 with TLS and no new dependency, and
 * Pusher's protocol on top is a handful of JSON frames.
 */
public final class Archiver implements CamelContextAware, ListeningSocket {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.archive");
    private static final Duration ESTABLISH_WAIT = Duration.ofSeconds(30);
    /** Pusher's clients wait 30 s for a pong before they give the connection up. */
    private static final Duration PONG_WAIT = Duration.ofSeconds(30);
    /** Events kept while the database cannot take them; older ones beyond are dropped (and said so). */
    private static final int MAX_BUFFERED = 100_000;

    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** The channels a subscription_count said it was alone in, with that count's time ({@link OwnSocket}). */
    private final Map<String, Instant> alone = new ConcurrentHashMap<>();
    private final List<ChannelEvent> buffer = new ArrayList<>();
    // The events dropped while the database did not take them: recorded as a gap once it does (under flushing).
    private OffsetDateTime droppedFrom;
    private OffsetDateTime droppedTo;
    private long droppedCount;
    private final Object flushing = new Object();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ArchiverConnection.Events events = new ArchiverConnection.Events() {
        @Override
        public void frame(ArchiverConnection connection, String text) {
            Archiver.this.frame(connection, text);
        }

        @Override
        public void lost(ArchiverConnection connection, int code, String reason) {
            Archiver.this.lost(connection, code, reason);
        }
    };

    private CamelContext camelContext;
    private PipelineMetrics metrics = new PipelineMetrics();
    private ChannelPatterns patterns = ChannelPatterns.parse("*");
    private String appId = "";
    private String appKey = "";
    private String appSecret = "";
    private String scheme = "https";
    private String host = "api-mt1.pusher.com";
    private int port = 443;
    private Destination destination;
    private int batchSize = 5000;
    private ArchiveStore store;

    private volatile ArchiverConnection current;
    private volatile boolean running;
    private volatile boolean givenUp;
    private volatile Instant nextAttempt = Instant.EPOCH;
    private volatile int failures;
    private volatile boolean gapOpen;
    private volatile boolean storeFailing;
    /** A write failed since the last that succeeded: its events, back in the buffer, may be stored already. */
    private boolean retrying;

    public void setChannels(String channels) {
        this.patterns = ChannelPatterns.parse(channels);
    }

    public void setAppId(String appId) {
        this.appId = appId.strip();
    }

    public void setAppKey(String appKey) {
        this.appKey = appKey.strip();
    }

    public void setAppSecret(String appSecret) {
        this.appSecret = appSecret.strip();
    }

    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** {@code pusherDestination}: the archiver needs a database. */
    public void setDestination(Destination destination) {
        this.destination = destination;
    }

    /** Events stored in one transaction at most: a tick stores all that came since the last, in transactions of this many. */
    public void setBatchSize(int batchSize) {
        this.batchSize = Math.max(1, batchSize);
    }

    public void setMetrics(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    /** Its socket while connected, for the app it follows: events published here skip it, so each is kept once. */
    @Override
    public String of(String publishedToAppId) {
        ArchiverConnection c = current;
        return c == null || !publishedToAppId.equals(appId) ? null : c.socketId;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The channels it follows now (subscribed or about to be). */
    public Set<String> channels() {
        return Set.copyOf(wanted);
    }

    /** One tick of the archiver route's timer: stores what came, keeps the connection and its subscriptions. */
    public void tick() {
        if (!running) {
            begin();
        }
        flush();
        ArchiverConnection c = current;
        Instant now = Instant.now();
        if (c == null) {
            if (!givenUp && !now.isBefore(nextAttempt)) {
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
        keepAlive(c, now);
        follow(c);
        if (gapOpen && c.asked.isEmpty() && wanted.stream().allMatch(ch -> c.subscribed.containsKey(ch) || refused.contains(ch))) {
            closeGap(now);
        }
    }

    /** The archiver's route stopped (Camel stops, or this replica lost the archiver's lock): disconnects. */
    public void end() {
        if (!running) {
            return;
        }
        running = false;
        ArchiverConnection c = current;
        current = null;
        if (c != null) {
            c.close(1000, "pusher-pipeline archiver stopping");
        }
        flush();
        openGap("archiver stopped");
        LOG.info("Archiver stopped");
    }

    /**
     * A verified webhook batch of the app (routes/pusher-webhooks.yaml): channel_occupied follows a
     * channel, channel_vacated leaves it, and a subscription_count of 1 that is the archiver alone
     * (subscribed before the batch's time) leaves it too. Never fails the webhook.
     */
    public void webhooks(String webhookAppId, byte[] body) {
        if (!appId.equals(webhookAppId) || body == null) {
            return;
        }
        try {
            JsonNode batch = Json.MAPPER.readTree(body);
            Instant at = Instant.ofEpochMilli(batch.path("time_ms").asLong(System.currentTimeMillis()));
            for (JsonNode event : batch.path("events")) {
                String channel = event.path("channel").asText("");
                switch (event.path("name").asText("")) {
                    case "channel_occupied" -> {
                        alone.remove(channel);
                        occupied(channel);
                    }
                    case "channel_vacated" -> {
                        alone.remove(channel);
                        wanted.remove(channel);
                    }
                    case "subscription_count" -> {
                        int count = event.path("subscription_count").asInt(2);
                        markAlone(channel, count, at);
                        counted(channel, count, at);
                    }
                    default -> {
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("The archiver could not read a webhook batch: {}", e.getMessage());
        }
    }

    /**
     * A verified webhook batch of the app before it is stored (routes/pusher-webhooks.yaml): with the
     * channel_vacated and channel_occupied its subscription_counts mean once the archiver's own subscription
     * is left out ({@link OwnSocket}). The archiver of this replica knows its subscriptions; another's does not.
     */
    public WebhookBatch withoutOwnSocket(WebhookBatch batch) {
        if (!appId.equals(batch.appId())) {
            return batch;
        }
        ArchiverConnection c = current;
        return OwnSocket.leftOut(batch, c == null ? Map.of() : c.subscribed, alone);
    }

    /**
     * A loaded snapshot of the app (routes/pusher-snapshot.yaml): follows each listed channel it does not
     * follow yet, and leaves one whose subscription_count is the archiver alone. Never fails the snapshot.
     */
    public void snapshot(Snapshot snapshot) {
        if (!appId.equals(snapshot.appId()) || snapshot.status() != Snapshot.Status.LOADED || !destination.isDatabase()) {
            return;
        }
        try {
            Instant at = snapshot.startedAt().toInstant();
            for (Map.Entry<String, Integer> listed : store().listed(snapshot.loadId()).entrySet()) {
                if (listed.getValue() == null) {
                    occupied(listed.getKey());
                } else {
                    counted(listed.getKey(), listed.getValue(), at);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The archiver could not read the channels of load {}: {}", snapshot.loadId(), e.getMessage());
        }
    }

    private void occupied(String channel) {
        if (patterns.archives(channel)) {
            refused.remove(channel);
            wanted.add(channel);
        }
    }

    /** Remembers that the archiver was alone in the channel at {@code at} (a count of 1, as {@link #counted}), until a client comes. */
    private void markAlone(String channel, int count, Instant at) {
        ArchiverConnection c = current;
        Instant since = c == null ? null : c.subscribed.get(channel);
        if (count == 1 && since != null && since.isBefore(at)) {
            alone.put(channel, at);
        } else if (count > 1) {
            alone.remove(channel);
        }
    }

        /** {@code count} subscribers at {@code at}: the archiver alone when it was subscribed before then and the count is 1. */
    private void counted(String channel, int count, Instant at) {
        ArchiverConnection c = current;
        Instant since = c == null ? null : c.subscribed.get(channel);
        if (count <= 0 || count == 1 && since != null && since.isBefore(at)) {
            wanted.remove(channel);
        } else {
            occupied(channel);
        }
    }

    private void begin() {
        running = true;
        givenUp = false;
        failures = 0;
        nextAttempt = Instant.EPOCH;
        if (!destination.isDatabase()) {
            givenUp = true;
            LOG.error("The archiver needs a database (pusher.sink=jdbc; it is file): not archiving");
            return;
        }
        if (appId.isEmpty() || appKey.isEmpty() || appSecret.isEmpty()) {
            givenUp = true;
            LOG.error("The archiver follows the app of pusher.app-id, pusher.app-key and pusher.app-secret"
                    + " (PUSHER_APP_ID, PUSHER_APP_KEY, PUSHER_APP_SECRET), and they are not all set: not archiving");
            return;
        }
        openGap("archiver starting");
    }

    private void connect() {
        ArchiverConnection c = new ArchiverConnection(events);
        current = c;
        URI uri = uri();
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, c).whenComplete((ws, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                c.end(-1, "cannot connect to " + uri.getScheme() + "://" + uri.getAuthority() + ": " + cause);
            }
        });
    }

    /** The app's websocket address (SocketUri), from the same settings as the HTTP API. */
    URI uri() {
        String version = Archiver.class.getPackage().getImplementationVersion();
        return SocketUri.of(scheme, host, port, appKey, version == null ? "dev" : version);
    }

    private void keepAlive(ArchiverConnection c, Instant now) {
        Instant ping = c.pingSentAt;
        if (ping != null) {
            if (Duration.between(ping, now).compareTo(PONG_WAIT) > 0) {
                c.end(-1, "no answer to pusher:ping within " + PONG_WAIT.toSeconds() + " s");
                c.close(1000, "no pong");
            }
        } else if (Duration.between(c.lastHeard, now).toMillis() > c.activityTimeoutMs) {
            c.pingSentAt = now;
            c.send(Frames.ping(), e -> c.end(-1, "cannot send pusher:ping: " + e));
        }
    }

    /** Subscribes to the channels it should follow, and leaves those it should not. */
    private void follow(ArchiverConnection c) {
        for (String channel : wanted) {
            if (!c.subscribed.containsKey(channel) && !refused.contains(channel) && c.asked.add(channel)) {
                c.send(Frames.subscribe(channel, appKey, appSecret, c.socketId), e -> c.end(-1, "cannot subscribe: " + e));
            }
        }
        for (String channel : Set.copyOf(c.subscribed.keySet())) {
            if (!wanted.contains(channel)) {
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
                    failures = 0;
                    LOG.info("Archiver connected to {}://{} as socket {}", uri().getScheme(), uri().getAuthority(), c.socketId);
                }
                case "pusher:ping" -> c.send(Frames.pong(), e -> c.end(-1, "cannot send pusher:pong: " + e));
                case "pusher_internal:subscription_succeeded" -> {
                    c.asked.remove(frame.channel());
                    c.subscribed.put(frame.channel(), Instant.now());
                    LOG.info("Archiving channel {}", frame.channel());
                }
                case "pusher:subscription_error" -> {
                    c.asked.remove(frame.channel());
                    refused.add(frame.channel());
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
        long sequence = c.sequence.incrementAndGet();
        // Unique per frame received: a reconnect (a new socket) never stores a frame again, and two equal events are two rows.
        String key = sha256(c.socketId + "\n" + sequence + "\n" + frame.channel() + "\n" + frame.event() + "\n" + frame.data());
        ChannelEvent event = new ChannelEvent(appId, StoredText.store(frame.channel()), StoredText.store(frame.event()),
                frame.data() == null ? null : StoredText.store(frame.data()), frame.userId() == null ? null : StoredText.store(frame.userId()),
                null, ChannelEvent.ARCHIVER, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), key);
        // Only buffered here: the socket's thread never waits on the database (it answers pusher:ping, and a
        // listener that blocks for seconds lets the socket's unread frames pile up); the tick stores them.
        synchronized (buffer) {
            buffer.add(event);
            if (buffer.size() > MAX_BUFFERED) {
                dropOldest();
            }
        }
    }

    private void lost(ArchiverConnection c, int code, String reason) {
        if (c != current) {
            return;
        }
        current = null;
        String said = code < 0 ? reason : "close code " + code + (reason == null || reason.isBlank() ? "" : ": " + reason);
        openGap("archiver disconnected (" + said + ")");
        switch (CloseCodes.next(code)) {
            case GIVE_UP -> {
                givenUp = true;
                LOG.error("Pusher closed the archiver's connection ({}): not reconnecting, as Pusher asks for codes 4000-4099"
                        + " (check pusher.app-key and the app's status and limits; a restart tries again)", said);
            }
            case AT_ONCE -> {
                failures = 0;
                nextAttempt = Instant.now();
                LOG.info("Archiver disconnected ({}): reconnecting at once", said);
            }
            case BACK_OFF -> {
                failures = failures + 1;
                Duration wait = CloseCodes.backoff(failures);
                nextAttempt = Instant.now().plus(wait);
                LOG.warn("Archiver disconnected ({}): reconnecting in {} s", said, wait.toSeconds());
            }
        }
    }

    /**
     * Stores what was buffered when it began, {@code batchSize} events a transaction; on a failure keeps the
     * rest for the next tick (the failed events first).
     */
    private void flush() {
        synchronized (flushing) {
            List<ChannelEvent> taken;
            synchronized (buffer) {
                if (buffer.isEmpty()) {
                    return;
                }
                taken = List.copyOf(buffer);
                buffer.clear();
            }
            for (int from = 0; from < taken.size(); from += batchSize) {
                List<ChannelEvent> batch = taken.subList(from, Math.min(taken.size(), from + batchSize));
                try {
                    int added = store().write(appId, batch, retrying);
                    retrying = false;
                    metrics.archived(camelContext, added);
                    recordDropped();
                    if (storeFailing) {
                        LOG.info("The archiver stores events again in {}", destination.printable());
                        storeFailing = false;
                    }
                } catch (SQLException | RuntimeException e) {
                    retrying = true;
                    synchronized (buffer) {
                        buffer.addAll(0, taken.subList(from, taken.size()));
                        if (buffer.size() > MAX_BUFFERED) {
                            dropOldest();
                        }
                    }
                    if (!storeFailing) {
                        LOG.warn("The archiver cannot store events in {} (kept, tried again): {}", destination.printable(), e.getMessage());
                        storeFailing = true;
                    }
                    return;
                }
            }
        }
    }

    /** Holding the buffer's lock: keeps the newest nine tenths of MAX_BUFFERED events, says how many older ones went. */
    private void dropOldest() {
        int dropped = buffer.size() - MAX_BUFFERED * 9 / 10;
        List<ChannelEvent> lost = buffer.subList(0, dropped);
        droppedFrom = droppedFrom == null ? lost.get(0).occurredAt() : droppedFrom;
        droppedTo = lost.get(dropped - 1).occurredAt();
        droppedCount += dropped;
        lost.clear();
        LOG.error("The archiver dropped its {} oldest events: the database has not taken them (a gap in channel_gaps"
                + " says so once it does)", dropped);
    }

    /** Once the database takes events again: the time of those dropped meanwhile is a gap, so no reader takes it as complete. */
    private void recordDropped() throws SQLException {
        if (droppedCount == 0) {
            return;
        }
        store().recordGap(appId, droppedFrom, droppedTo, "the database did not take " + droppedCount
                + " events the archiver received in this time; they were dropped");
        droppedFrom = null;
        droppedCount = 0;
    }

    private void openGap(String reason) {
        if (gapOpen || !destination.isDatabase()) {
            return;
        }
        try {
            store().openGap(appId, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), reason);
            gapOpen = true;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The archiver cannot record a gap in channel_gaps of {}: {}", destination.printable(), e.getMessage());
        }
    }

    private void closeGap(Instant now) {
        try {
            store().closeGaps(appId, now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            gapOpen = false;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The archiver cannot end its gap in channel_gaps of {} (tried again): {}", destination.printable(), e.getMessage());
        }
    }

    private synchronized ArchiveStore store() {
        if (store == null) {
            ArchiveStore made = new ArchiveStore(destination);
            made.prepare();
            store = made;
        }
        return store;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
