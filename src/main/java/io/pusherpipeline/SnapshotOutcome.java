package io.pusherpipeline;

import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.snapshot.SnapshotSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Waits for the first {@code expected} snapshots to end and tells whether they all loaded: the
 * exit code of {@code --once} (one snapshot) and of {@code --demo} (three).
 */
public final class SnapshotOutcome extends EventNotifierSupport {

    private static final String ROUTE_ID = "pusher-snapshot";

    private final int expected;
    private final List<Snapshot> ended = new ArrayList<>();
    private final CompletableFuture<Boolean> allLoaded = new CompletableFuture<>();

    SnapshotOutcome(int expected) {
        this.expected = expected;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.ExchangeCompleted || event.getType() == CamelEvent.Type.ExchangeFailed;
    }

    @Override
    public synchronized void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        if (!isSnapshotExchange(exchange) || allLoaded.isDone()) {
            return;
        }
        Snapshot snapshot = exchange.getProperty(SnapshotSteps.PROPERTY, Snapshot.class);
        boolean ok = exchange.getException() == null && snapshot != null && snapshot.status() == Snapshot.Status.LOADED;
        if (!ok) {
            allLoaded.complete(false);
            return;
        }
        ended.add(snapshot);
        if (ended.size() == expected) {
            allLoaded.complete(true);
        }
    }

    /** The exchange of a whole snapshot, not one of the copies its split and enrich steps make. */
    public static boolean isSnapshotExchange(Exchange exchange) {
        return ROUTE_ID.equals(exchange.getFromRouteId())
                && (SnapshotSteps.isWholeSnapshot(exchange) || exchange.getProperty(SnapshotSteps.OWNER_PROPERTY) == null);
    }

    boolean awaitLoaded() throws InterruptedException {
        try {
            return allLoaded.get();
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** The snapshots that loaded, in the order they ended. */
    synchronized List<Snapshot> loaded() {
        return List.copyOf(ended);
    }

    void abandon() {
        allLoaded.complete(false);
    }
}
