package io.pusherpipeline.health;

import io.pusherpipeline.snapshot.Snapshot;
import org.apache.camel.CamelContext;

/**
 * Counts snapshots, requests and rows into the Micrometer registry Camel exposes at
 * /observe/metrics (pusher.management.enabled=true). Does nothing where there is no such registry
 * (metrics off, or a host without camel-micrometer), so the routes need no metrics library.
 */
public final class SnapshotMetrics {

    private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

    private volatile Meters meters;

    /** One snapshot ended, loaded or failed. */
    public void ended(CamelContext context, Snapshot snapshot) {
        Meters m = meters(context);
        if (m != null) {
            m.ended(snapshot);
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
            Class.forName(type, false, SnapshotMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
