package io.pusherpipeline.snapshot;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.storage.SnapshotSink;
import io.pusherpipeline.api.RetryListener;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the snapshot route that open, store and close a load. */
public final class SnapshotSteps implements RetryListener {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.snapshot");

    /** The exchange property that carries the {@link Snapshot} through the route. */
    public static final String PROPERTY = "pusherSnapshot";

    /** The id of the exchange that carries a whole snapshot, told apart from the copies split and enrich make. */
    public static final String OWNER_PROPERTY = "pusherSnapshotExchangeId";

    private String appId;
    private SnapshotSink sink;

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public void setSink(SnapshotSink sink) {
        this.sink = sink;
    }

    /** Opens a load: a {@code running} row before the first request, so a crash leaves a trace. */
    public void begin(Exchange exchange) {
        Snapshot snapshot = new Snapshot(appId);
        snapshot.destination(sink.destination());
        exchange.setProperty(PROPERTY, snapshot);
        exchange.setProperty(OWNER_PROPERTY, exchange.getExchangeId());
        sink.open(snapshot);
    }

    /** True for the exchange of a whole snapshot, false for the copies its split and enrich steps make. */
    public static boolean isWholeSnapshot(Exchange exchange) {
        return exchange.getExchangeId().equals(exchange.getProperty(OWNER_PROPERTY));
    }

    public void countRequest(@ExchangeProperty(PROPERTY) Snapshot snapshot) {
        if (snapshot != null) {
            snapshot.countRequest();
        }
    }

    @Override
    public void retrying(Exchange exchange, int attempt, Duration wait, Throwable failure) {
        Snapshot snapshot = exchange.getProperty(PROPERTY, Snapshot.class);
        if (snapshot != null) {
            snapshot.countRetry();
        }
        LOG.warn("Retry {} of {} in {} ms: {}", attempt, exchange.getMessage().getHeader(Exchange.HTTP_PATH),
                wait.toMillis(), FailureReasons.describe(failure));
    }

    /** Writes the gathered channels and marks the load {@code loaded}, all or nothing. */
    public void store(@ExchangeProperty(PROPERTY) Snapshot snapshot, @Body List<ChannelState> channels) {
        snapshot.gathered(channels);
        snapshot.loaded();
        sink.store(snapshot);
    }

    /** Marks the load {@code failed} with a message that says what to do. */
    public void fail(@ExchangeProperty(PROPERTY) Snapshot snapshot,
                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        snapshot.failed(FailureReasons.describe(cause));
        sink.fail(snapshot);
    }
}
