package io.pusherpipeline.cli;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.RouteGroups;
import io.pusherpipeline.snapshot.Snapshot;
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

    private final int apps;
    private final int expected;
    private boolean allOk = true;
    private int endedCount;
    private final List<Snapshot> ended = new ArrayList<>();
    private final CompletableFuture<Boolean> allLoaded = new CompletableFuture<>();

    /** Waits for {@code perApp} snapshots of each of the {@code apps}, each with a snapshot route of its own. */
    SnapshotOutcome(int perApp, int apps) {
        this.apps = apps;
        this.expected = perApp * apps;
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
        Snapshot snapshot = exchange.getProperty(ExchangeProperties.SNAPSHOT, Snapshot.class);
        boolean ok = exchange.getException() == null && snapshot != null && snapshot.status() == Snapshot.Status.LOADED;
        if (!ok && apps == 1) {
            // One app: its failure is the answer. With several, each app's snapshot is awaited,
            // so stopping does not cut short another app's snapshot.
            allLoaded.complete(false);
            return;
        }
        allOk &= ok;
        if (ok) {
            ended.add(snapshot);
        }
        if (++endedCount == expected) {
            allLoaded.complete(allOk);
        }
    }

    /** The exchange of a whole snapshot, not one of the copies its split and enrich steps make. */
    public static boolean isSnapshotExchange(Exchange exchange) {
        Object owner = exchange.getProperty(ExchangeProperties.SNAPSHOT_OWNER);
        return RouteGroups.SNAPSHOT.equals(RouteGroups.of(exchange)) && (exchange.getExchangeId().equals(owner) || owner == null);
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
