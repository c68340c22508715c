package io.pusherpipeline.snapshot;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** The one line a snapshot logs when it ends. */
final class SnapshotSummary {

    private SnapshotSummary() {
    }

    static String of(Snapshot s) {
        OffsetDateTime end = s.finishedAt() == null ? OffsetDateTime.now(ZoneOffset.UTC) : s.finishedAt();
        double seconds = Duration.between(s.startedAt(), end).toMillis() / 1000.0;
        String requests = s.requestCount() + (s.requestCount() == 1 ? " request" : " requests")
                + (s.retryCount() == 0 ? "" : " (" + s.retryCount() + (s.retryCount() == 1 ? " retry)" : " retries)"));
        if (s.status() == Snapshot.Status.FAILED) {
            return String.format(Locale.ROOT, "Snapshot %s of app %s failed after %.2f s (%s): %s -> %s, nothing written but its pusher_loads row",
                    s.shortId(), s.appId(), seconds, requests, s.error(), s.destination());
        }
        Integer users = s.userCount();
        return String.format(Locale.ROOT, "Snapshot %s of app %s %s in %.2f s: %d channels (%d presence, %s members), %s -> %s",
                s.shortId(), s.appId(), s.status().label(), seconds, s.channelCount(), s.presenceCount(),
                users == null ? "?" : users, requests, s.destination());
    }
}
