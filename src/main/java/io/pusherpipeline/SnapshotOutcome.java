package io.pusherpipeline;

import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.snapshot.SnapshotSteps;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Waits for the first snapshot to end and tells whether it loaded: the exit code of {@code --once}. */
public final class SnapshotOutcome extends EventNotifierSupport {

    private static final String ROUTE_ID = "pusher-snapshot";

    private final CompletableFuture<Boolean> loaded = new CompletableFuture<>();

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.ExchangeCompleted || event.getType() == CamelEvent.Type.ExchangeFailed;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        if (!isSnapshotExchange(exchange)) {
            return;
        }
        Snapshot snapshot = exchange.getProperty(SnapshotSteps.PROPERTY, Snapshot.class);
        boolean ok = exchange.getException() == null && snapshot != null && snapshot.status() == Snapshot.Status.LOADED;
        loaded.complete(ok);
    }

    /** The exchange of a whole snapshot, not one of the copies its split and enrich steps make. */
    public static boolean isSnapshotExchange(Exchange exchange) {
        return ROUTE_ID.equals(exchange.getFromRouteId())
                && (SnapshotSteps.isWholeSnapshot(exchange) || exchange.getProperty(SnapshotSteps.OWNER_PROPERTY) == null);
    }

    boolean awaitLoaded() throws InterruptedException {
        try {
            return loaded.get();
        } catch (ExecutionException e) {
            return false;
        }
    }

    void abandon() {
        loaded.complete(false);
    }
}
