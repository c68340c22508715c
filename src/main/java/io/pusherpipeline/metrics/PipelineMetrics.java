package io.pusherpipeline.metrics;

import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.util.ObjectHelper;

/**
 * Counts snapshots, requests, rows and events into the Micrometer registry Camel exposes at
 * /observe/metrics (pusher.management.enabled=true). Does nothing where there is no such registry
 * (metrics off, or a host without camel-micrometer), so the routes need no metrics library.
 */
public final class PipelineMetrics {

    private static final boolean MICROMETER =
            ObjectHelper.loadClass("io.micrometer.core.instrument.MeterRegistry", PipelineMetrics.class.getClassLoader()) != null;

    private volatile Meters meters;
    private volatile boolean noRegistry;

    /** One snapshot ended, loaded or failed. */
    public void ended(CamelContext context, SnapshotMeasures snapshot) {
        withMeters(context, m -> m.ended(snapshot));
    }

    /** Pusher accepted these events (journaled). */
    public void published(CamelContext context, int events) {
        withMeters(context, m -> m.events("published", events));
    }

    /** Events refused before sending (they break a rule); the whole input counts as one when unreadable. */
    public void refused(CamelContext context, int events) {
        withMeters(context, m -> m.events("refused", events));
    }

    /** Events the archiver stored (pusher_archive_events_total). */
    public void archived(CamelContext context, int events) {
        if (events > 0 && context != null) {
            withMeters(context, m -> m.archived(events));
        }
    }

    /** One webhook request answered: accepted, or the reason it was refused (pusher_webhooks_total{outcome}). */
    public void webhook(CamelContext context, String outcome) {
        withMeters(context, m -> m.webhooks(outcome));
    }

    /** One history request answered: served, or why not (pusher_history_total{outcome}). */
    public void history(CamelContext context, String outcome) {
        withMeters(context, m -> m.history(outcome));
    }

    private void withMeters(CamelContext context, Consumer<Meters> count) {
        if (meters == null && MICROMETER && !noRegistry) {
            meters = Meters.of(context);
            // Looked up once the context runs (its registry is then complete): a search of the registry per call
            // was a share of every history page's time with metrics off.
            noRegistry = meters == null && context.isStarted();
        }
        if (meters != null) {
            count.accept(meters);
        }
    }
}
