package io.pusherpipeline.snapshot;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.apps.PusherApp;
import io.pusherpipeline.channels.ChannelIterator;
import io.pusherpipeline.channels.ChannelResponses;
import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.metrics.PipelineMetrics;
import io.pusherpipeline.metrics.SnapshotMeasures;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the snapshot route that open, store and close a load. */
public final class SnapshotSteps {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.snapshot");

    private final Set<Snapshot> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastLoaded = new ConcurrentHashMap<>();
    private final Instant startedAt = Instant.now();
    private PipelineMetrics metrics = new PipelineMetrics();
    private SnapshotSink sink;
    private Duration timeout = Duration.ofMinutes(10);
    private volatile boolean prepared;
    private Runnable stopHeapWatch = () -> { };
    private boolean members = true;
    private boolean subscriptionCounts;
    private String filterByPrefix = "";
    private ExecutorService writers;

    public void setSink(SnapshotSink sink) {
        this.sink = sink;
    }

    public void setMetrics(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    /** {@code pusher.snapshot.users}: presence channels need a request for their members. */
    public void setMembers(boolean members) {
        this.members = members;
    }

    /** {@code pusher.snapshot.subscription-count}: the other channels need one for their subscription counts. */
    public void setSubscriptionCounts(boolean subscriptionCounts) {
        this.subscriptionCounts = subscriptionCounts;
    }

    /** {@code pusher.snapshot.filter-by-prefix}: the channels a load covers, recorded with it for healing. */
    public void setFilterByPrefix(String filterByPrefix) {
        this.filterByPrefix = filterByPrefix == null ? "" : filterByPrefix;
    }

    /** When a snapshot of this app last loaded, since this process started. */
    public Optional<Instant> lastLoaded(String appId) {
        return Optional.ofNullable(lastLoaded.get(appId));
    }

    /** When these steps were made: the age of "no snapshot yet". */
    public Instant startedAt() {
        return startedAt;
    }

    /** {@code pusher.snapshot.timeout}: a snapshot not stored by then fails, and is abandoned after a crash. */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Once, before the first snapshot (the launcher calls it before any route starts): the destination
     * is usable, and loads a stopped process left {@code running} are marked failed. Not the bean's
     * initMethod: Camel's YAML DSL makes the beans twice at start-up and throws the first ones away.
     */
    public void prepare() {
        if (prepared) {
            return;
        }
        synchronized (this) {
            if (!prepared) {
                sink.prepare();
                sink.failAbandoned(null, OffsetDateTime.now(ZoneOffset.UTC).minus(timeout),
                        "Abandoned: the process stopped before this snapshot ended (found at start-up).");
                stopHeapWatch = HeapExhaustion.watch(reason -> inFlight.forEach(snapshot -> snapshot.abandon(new IllegalStateException(reason))));
                prepared = true;
            }
        }
    }

    /**
     * At shutdown (the bean's destroyMethod, after the routes' grace period): a snapshot still in
     * flight is recorded as failed, not left running; then the sink is closed.
     */
    public synchronized void stop() {
        prepared = false;
        stopHeapWatch.run();
        for (Snapshot snapshot : inFlight) {
            abortRows(snapshot);
            snapshot.failed("Stopped (shutdown) before the snapshot ended; nothing of it was written.");
            try {
                sink.fail(snapshot);
            } catch (RuntimeException e) {
                LOG.warn("Could not record that load {} was stopped: {}", snapshot.loadId(), e.getMessage());
            }
            LOG.warn(snapshot.summary());
        }
        inFlight.clear();
        sink.close();
    }

    /** Opens a load of the route's app: a {@code running} row before the first request, so a crash leaves a trace. */
    public void begin(Exchange exchange) {
        PusherApp app = exchange.getProperty(ExchangeProperties.APP, PusherApp.class);
        Snapshot snapshot = new Snapshot(app.id());
        snapshot.destination(sink.destination());
        snapshot.membersPrefix(members ? filterByPrefix : null);
        exchange.setProperty(ExchangeProperties.SNAPSHOT, snapshot);
        exchange.setProperty(ExchangeProperties.SNAPSHOT_OWNER, exchange.getExchangeId());
        prepare();
        sink.open(snapshot);
        snapshot.streamTo(sink.rows(snapshot, writers(exchange.getContext())));
        inFlight.add(snapshot);
    }

    /** The loads' row writers: Camel's threads, one per load at a time, shut down with the context. */
    private synchronized ExecutorService writers(CamelContext context) {
        if (writers == null) {
            writers = context.getExecutorServiceManager().newCachedThreadPool(this, "pusher-rows");
        }
        return writers;
    }

    /** Without members, whether the channels the load covers can hold presence channels, whose user counts a list of their own gives. */
    public boolean asksUserCounts() {
        return !members && ChannelResponses.admitsPresence(filterByPrefix);
    }

    /** The channels of the streamed list that need a request of their own; the others go to the sink's rows as read. */
    public ChannelIterator storeChannelsWithoutRequests(@ExchangeProperty(ExchangeProperties.SNAPSHOT) Snapshot snapshot,
            @ExchangeProperty(ExchangeProperties.USER_COUNTS) Map<String, Integer> userCounts, @Body ChannelIterator channels) {
        return new ChannelsToAsk(snapshot, channels, members, subscriptionCounts, userCounts == null ? Map.of() : userCounts);
    }

    /** One channel, its requests done: to the sink's rows now, while the other requests still wait; nothing of it kept. */
    public void storeChannel(@ExchangeProperty(ExchangeProperties.SNAPSHOT) Snapshot snapshot, @Body ChannelState channel) {
        snapshot.add(channel);
    }

    public void countRequest(@ExchangeProperty(ExchangeProperties.SNAPSHOT) Snapshot snapshot) {
        if (snapshot != null) {
            snapshot.countRequest();
        }
    }

    /** Writes the rest of the channels (most are written already) and marks the load {@code loaded}, all or nothing. */
    public void store(@ExchangeProperty(ExchangeProperties.SNAPSHOT) Snapshot snapshot, Exchange exchange) {
        snapshot.failIfAbandoned();
        Duration took = Duration.between(snapshot.startedAt(), OffsetDateTime.now(ZoneOffset.UTC));
        if (took.compareTo(timeout) > 0) {
            throw new IllegalStateException("The snapshot took " + took.toSeconds() + " s, longer than pusher.snapshot.timeout ("
                    + timeout.toSeconds() + " s): raise it, or pusher.http.concurrency, or filter channels with pusher.snapshot.filter-by-prefix");
        }
        snapshot.loaded();
        snapshot.rows().commit();
        lastLoaded.put(snapshot.appId(), snapshot.startedAt().toInstant());
        ended(snapshot, exchange);
    }

    /** Marks the load {@code failed} with a message that says what to do. */
    public void fail(@ExchangeProperty(ExchangeProperties.SNAPSHOT) Snapshot snapshot,
                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause, Exchange exchange) {
        abortRows(snapshot);
        snapshot.failed(FailureReasons.describe(cause, appName(exchange)));
        ended(snapshot, exchange);
        sink.fail(snapshot);
    }

    /** The snapshot's app's name in pusher.apps, "" for the single app of pusher.app-*. */
    static String appName(Exchange exchange) {
        PusherApp app = exchange.getProperty(ExchangeProperties.APP, PusherApp.class);
        return app == null ? "" : app.name();
    }

    private static void abortRows(Snapshot snapshot) {
        if (snapshot.rows() != null) {
            try {
                snapshot.rows().abort();
            } catch (RuntimeException e) {
                LOG.warn("Could not roll back the rows of load {}: {}", snapshot.loadId(), e.getMessage());
            }
        }
    }

    private void ended(Snapshot snapshot, Exchange exchange) {
        inFlight.remove(snapshot);
        metrics.ended(exchange.getContext(), new SnapshotMeasures(snapshot.appId(), snapshot.status().label(), snapshot.status() == Snapshot.Status.LOADED,
                snapshot.requestCount(), snapshot.startedAt(), snapshot.finishedAt(), snapshot.channelCount(), snapshot.memberRowCount()));
    }
}
