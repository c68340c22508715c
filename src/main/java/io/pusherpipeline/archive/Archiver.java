package io.pusherpipeline.archive;

import io.pusherpipeline.Json;
import io.pusherpipeline.events.ListeningSocket;
import io.pusherpipeline.metrics.PipelineMetrics;
import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.webhooks.WebhookBatch;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
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
    private CamelContext camelContext;
    private PipelineMetrics metrics = new PipelineMetrics();
    private FollowedChannels followed = new FollowedChannels(ChannelPatterns.parse("*"));
    private String appId = "";
    private String appKey = "";
    private String appSecret = "";
    private String scheme = "https";
    private String host = "api-mt1.pusher.com";
    private int port = 443;
    private Destination destination;
    private int batchSize = 5000;
    private ArchiveWriter writer;

    private volatile ArchiverSession session;
    private volatile boolean running;

    public void setChannels(String channels) {
        this.followed = new FollowedChannels(ChannelPatterns.parse(channels));
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
        ArchiverSession s = session;
        return s == null || !publishedToAppId.equals(appId) ? null : s.socketId();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** One tick of the archiver route's timer: stores what came, keeps the connection and its subscriptions. */
    public void tick() {
        if (!running) {
            begin();
        }
        writer().flush();
        ArchiverSession session = this.session;
        if (session != null) {
            session.tick(Instant.now());
        }
    }

    /** The archiver's route stopped (Camel stops, or this replica lost the archiver's lock): disconnects. */
    public void end() {
        if (!running) {
            return;
        }
        running = false;
        if (session != null) {
            session.close();
        }
        writer().flush();
        writer().openGap("archiver stopped");
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
            followed.webhooks(Json.MAPPER.readTree(body), subscribed());
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
        return OwnSocket.leftOut(batch, subscribed(), followed.alone());
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
            followed.listed(writer().listed(snapshot.loadId()), snapshot.startedAt().toInstant(), subscribed());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The archiver could not read the channels of load {}: {}", snapshot.loadId(), e.getMessage());
        }
    }

    /** The connection's channels and since when, none while not connected. */
    private Map<String, Instant> subscribed() {
        ArchiverSession s = session;
        return s == null ? Map.of() : s.subscribed();
    }

    private void begin() {
        running = true;
        if (!destination.isDatabase()) {
            LOG.error("The archiver needs a database (pusher.sink=jdbc; it is file): not archiving");
            return;
        }
        if (appId.isEmpty() || appKey.isEmpty() || appSecret.isEmpty()) {
            LOG.error("The archiver follows the app of pusher.app-id, pusher.app-key and pusher.app-secret"
                    + " (PUSHER_APP_ID, PUSHER_APP_KEY, PUSHER_APP_SECRET), and they are not all set: not archiving");
            return;
        }
        writer().openGap("archiver starting");
        session = new ArchiverSession(appId, appKey, appSecret, uri(), followed, writer(), new Reconnects());
    }

    /** The app's websocket address (SocketUri), from the same settings as the HTTP API. */
    private URI uri() {
        String version = Archiver.class.getPackage().getImplementationVersion();
        return SocketUri.of(scheme, host, port, appKey, version == null ? "dev" : version);
    }

    /** Made once the settings are in: the app, the destination and the batch size. */
    private synchronized ArchiveWriter writer() {
        if (writer == null) {
            writer = new ArchiveWriter(appId, destination, batchSize, added -> metrics.archived(camelContext, added));
        }
        return writer;
    }
}
