package io.pusherpipeline.snapshot;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.apps.PusherApp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With replicas (pusher.cluster), the first tick of a snapshot route after this replica took its lock:
 * the loads the previous holder left running are marked failed, and the tick is skipped when the app's
 * last loaded snapshot is less than a period old. Every other tick passes untouched.
 */
public final class Takeovers {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.snapshot");

    private final Map<String, String> takenOver = new ConcurrentHashMap<>();
    private SnapshotSink sink;
    private Duration period = Duration.ofSeconds(60);

    public void setSink(SnapshotSink sink) {
        this.sink = sink;
    }

    /** {@code pusher.snapshot.period}. */
    public void setPeriod(Duration period) {
        this.period = period;
    }

    /** This replica, {@code replica}, has just taken the lock of the snapshot route {@code routeId}. */
    public void tookOver(String routeId, String replica) {
        takenOver.put(routeId, replica);
    }

    /**
     * True when the route should skip this tick. On the first tick after a takeover, first marks failed
     * the app's loads still running: the replica that held the lock died while taking them, and nobody
     * else takes them now. Then skips when the last loaded snapshot is less than a period old, so that
     * a handover never puts two snapshots into one period.
     */
    public boolean tooSoon(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        String replica = routeId == null ? null : takenOver.remove(routeId);
        if (replica == null) {
            return false;
        }
        PusherApp app = exchange.getProperty(ExchangeProperties.APP, PusherApp.class);
        sink.prepare();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        sink.failAbandoned(app.id(), now, "Abandoned: the replica taking it stopped before it ended (found by replica "
                + replica + " when it took the lock of " + routeId + ").");
        Optional<OffsetDateTime> last = sink.lastLoaded(app.id());
        boolean soon = last.isPresent() && Duration.between(last.get(), now).compareTo(period) < 0;
        if (soon) {
            LOG.info("Replica {} took the lock of {}: its first snapshot waits a period, the last one began at {}",
                    replica, routeId, last.get());
        }
        return soon;
    }
}
