package io.pusherpipeline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.camel.CamelContext;

/** The Micrometer side of {@link PipelineMetrics}: loaded only when Micrometer is on the classpath. */
final class Meters {

    private final MeterRegistry registry;

    private Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry Camel's metrics use, or null when metrics are off. */
    static Meters of(CamelContext context) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        return registry == null ? null : new Meters(registry);
    }

    void ended(SnapshotMeasures snapshot) {
        String status = snapshot.status();
        Counter.builder("pusher.snapshots").description("Snapshots that ended, by app and status (loaded, failed)")
                .tag("app", snapshot.appId()).tag("status", status).register(registry).increment();
        Counter.builder("pusher.requests").description("Requests to the Pusher HTTP API, retries included")
                .tag("app", snapshot.appId()).register(registry).increment(snapshot.requests());
        if (snapshot.finishedAt() != null) {
            Timer.builder("pusher.snapshot.duration").description("How long snapshots took, by app and status")
                    .tag("app", snapshot.appId()).tag("status", status).register(registry)
                    .record(Duration.between(snapshot.startedAt(), snapshot.finishedAt()));
        }
        rows("pusher_loads", 1);
        // A failed load writes its pusher_loads row only.
        if (snapshot.loaded()) {
            rows("apps_channels", snapshot.channels());
            rows("channels_channel_users", snapshot.memberRows());
        }
    }

    void events(String outcome, int count) {
        Counter.builder("pusher.events").description("Events published to Pusher or refused before sending")
                .tag("outcome", outcome).register(registry).increment(count);
    }

    void archived(int count) {
        Counter.builder("pusher.archive.events").description("Events the archiver received and stored in channel_events")
                .register(registry).increment(count);
    }

    void webhooks(String outcome) {
        Counter.builder("pusher.webhooks").description("Webhook requests, by outcome (accepted or why refused)")
                .tag("outcome", outcome).register(registry).increment();
    }

    void history(String outcome) {
        Counter.builder("pusher.history").description("History API requests, by outcome (served or why refused)")
                .tag("outcome", outcome).register(registry).increment();
    }

    private void rows(String table, long count) {
        Counter.builder("pusher.rows.written").description("Rows written to the destination, by table")
                .tag("table", table).register(registry).increment(count);
    }
}
