package io.pusherpipeline;

import org.apache.camel.impl.health.AbstractHealthCheck;

/** A readiness check of group {@code pusher}: what it reports (a stale snapshot, a lock held elsewhere) is not cured by a restart. */
public abstract class ReadinessCheck extends AbstractHealthCheck {

    protected ReadinessCheck(String id) {
        super("pusher", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }
}
