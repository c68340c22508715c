package io.pusherpipeline.replicas;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a lock, as {@code show} prints it: the replica that last took it and since when, and how
 * long ago it last proved alive (its heartbeat, or its Lease's renewal); {@code live} false when the lock is free.
 */
public record LockHolder(String lock, String replica, Instant since, Optional<Duration> heartbeatAge, boolean live) {
}
