package io.pusherpipeline.health;

import io.pusherpipeline.snapshot.Snapshot;
import org.apache.camel.CamelContext;

/**
 * Counts snapshots, requests, rows and events into the Micrometer registry Camel exposes at
 * /observe/metrics (pusher.management.enabled=true). Does nothing where there is no such registry
 * (metrics off, or a host without camel-micrometer), so the routes need no metrics library.
 */
public final class PipelineMetrics {

    private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

    private volatile Meters meters;

    /** One snapshot ended, loaded or failed. */
    public void ended(CamelContext context, Snapshot snapshot) {
        Meters m = meters(context);
        if (m != null) {
            m.ended(snapshot);
        }
    }

    /** Pusher accepted these events (journaled). */
    public void published(CamelContext context, int events) {
        Meters m = meters(context);
        if (m != null) {
            m.events("published", events);
        }
    }

    /** Events refused before sending (they break a rule); the whole input counts as one when unreadable. */
    public void refused(CamelContext context, int events) {
        Meters m = meters(context);
        if (m != null) {
            m.events("refused", events);
        }
    }

    /** One webhook request answered: accepted, or the reason it was refused (pusher_webhooks_total{outcome}). */
    public void webhook(CamelContext context, String outcome) {
        Meters m = meters(context);
        if (m != null) {
            m.webhooks(outcome);
        }
    }

    private Meters meters(CamelContext context) {
        if (meters == null && MICROMETER) {
            meters = Meters.of(context);
        }
        return meters;
    }

    private static boolean present(String type) {
        try {
            Class.forName(type, false, PipelineMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
