package io.pusherpipeline.health;

import io.pusherpipeline.ReadinessCheck;
import io.pusherpipeline.apps.PusherApp;
import io.pusherpipeline.apps.PusherApps;
import io.pusherpipeline.replicas.Locks;
import io.pusherpipeline.snapshot.SnapshotSink;
import io.pusherpipeline.snapshot.SnapshotSteps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness {@code pusher-snapshots}: down while the destination cannot be reached, or while an
 * app's last loaded snapshot (or, before the first, the start) is older than 3 snapshot periods.
 * With replicas (pusher.cluster), only the apps whose lock this replica holds count: another
 * replica takes the others' snapshots, and a standby must stay ready to take over.
 */
public final class SnapshotReadiness extends ReadinessCheck {

    /** Periods without a loaded snapshot before an app counts as stale. */
    static final int STALE_PERIODS = 3;

    private SnapshotSteps steps;
    private PusherApps apps;
    private SnapshotSink sink;
    private Duration period = Duration.ofSeconds(60);

    public SnapshotReadiness() {
        super("pusher-snapshots");
    }

    public void setSteps(SnapshotSteps steps) {
        this.steps = steps;
    }

    public void setApps(PusherApps apps) {
        this.apps = apps;
    }

    public void setSink(SnapshotSink sink) {
        this.sink = sink;
    }

    /** {@code pusher.snapshot.period}; Camel's type converter reads 60s, 5m or 1500 (milliseconds). */
    public void setPeriod(Duration period) {
        this.period = period;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            sink.ping();
        } catch (RuntimeException e) {
            builder.down().message(e.getMessage()).detail("destination", sink.destination());
            return;
        }
        Duration limit = period.multipliedBy(STALE_PERIODS);
        Instant now = Instant.now();
        List<String> stale = new ArrayList<>();
        Locks locks = getCamelContext() == null ? null : getCamelContext().getRegistry().findSingleByType(Locks.class);
        for (PusherApp app : apps.all()) {
            builder.detail("app." + app.id() + ".last-loaded", steps.lastLoaded(app.id()).map(Instant::toString).orElse("none"));
            if (locks != null && !locks.holds(app.routeId())) {
                builder.detail("app." + app.id() + ".snapshots", "on another replica");
                continue;
            }
            // The age of "no snapshot yet" counts from when this replica took the app's lock.
            Instant since = locks == null ? steps.startedAt() : locks.heldSince(app.routeId()).orElse(steps.startedAt());
            Instant last = steps.lastLoaded(app.id()).filter(loaded -> loaded.isAfter(since)).orElse(since);
            if (Duration.between(last, now).compareTo(limit) > 0) {
                stale.add(app.id());
            }
        }
        if (stale.isEmpty()) {
            builder.up();
        } else {
            builder.down().message("No snapshot of app " + String.join(", ", stale) + " loaded in the last " + STALE_PERIODS
                    + " periods (" + limit.toSeconds() + " s): see the failed loads in pusher_loads");
        }
    }
}
