package io.pusherpipeline.replicas;

import io.pusherpipeline.ReadinessCheck;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness {@code pusher-replicas}: always up (a replica that holds no lock is as ready to take one,
 * and to receive webhooks, as any), with the details of who holds which lock.
 */
public final class ReplicaReadiness extends ReadinessCheck {

    private final Locks locks;

    public ReplicaReadiness(Locks locks) {
        super("pusher-replicas");
        this.locks = locks;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("replica", locks.replicaId());
        Map<String, String> holders = locks.holders();
        holders.forEach((lock, holder) -> builder.detail("lock." + lock, holder));
        builder.message("Replica " + locks.replicaId() + "; locks: " + holders.entrySet().stream()
                .map(e -> e.getKey() + " held by " + e.getValue()).collect(Collectors.joining(", ")));
        builder.up();
    }
}
