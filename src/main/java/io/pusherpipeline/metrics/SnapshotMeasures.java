package io.pusherpipeline.metrics;

import java.time.OffsetDateTime;

/** What the metrics count of one snapshot that ended; {@code finishedAt} null when it never finished. */
public record SnapshotMeasures(String appId, String status, boolean loaded, int requests, OffsetDateTime startedAt,
                               OffsetDateTime finishedAt, int channels, long memberRows) {
}
