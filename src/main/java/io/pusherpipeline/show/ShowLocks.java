package io.pusherpipeline.show;

import io.pusherpipeline.replicas.Cluster;
import io.pusherpipeline.replicas.LockHolder;
import io.pusherpipeline.replicas.LockReport;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The locks of the replicas (pusher.cluster) and who holds each, as {@code show} prints them. */
final class ShowLocks {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String LINE = "%-32s  %-28s  %-19s  %s%n";

    private ShowLocks() {
    }

    static String report(Cluster cluster) {
        boolean file = cluster.kind() == Cluster.Kind.FILE;
        List<LockHolder> holders = file ? LockReport.file(cluster) : LockReport.kubernetes(cluster);
        StringBuilder s = new StringBuilder(System.lineSeparator()).append("Locks of the replicas (pusher.cluster=")
                .append(file ? "file, " + cluster.fileRoot() : "kubernetes, Leases " + cluster.kubernetes().leasePrefix() + "-*")
                .append("):").append(System.lineSeparator());
        if (holders.isEmpty()) {
            return s.append("(none yet: no replica has taken a lock)").append(System.lineSeparator()).toString();
        }
        s.append(String.format(Locale.ROOT, LINE, "lock", "holder", "since (UTC)", file ? "heartbeat" : "renewed"));
        for (LockHolder holder : holders) {
            s.append(String.format(Locale.ROOT, LINE, holder.lock(), holder.live() ? holder.replica() : "none (free)",
                    holder.live() && holder.since() != null ? TIME.format(holder.since()) : "", age(holder)));
        }
        return s.toString();
    }

    private static String age(LockHolder holder) {
        if (holder.heartbeatAge().isEmpty()) {
            return holder.live() ? "" : "last held by " + holder.replica();
        }
        Duration age = holder.heartbeatAge().get();
        String ago = age.toSeconds() + " s ago";
        return holder.live() ? ago : ago + ", " + holder.replica() + " is gone: another replica takes over";
    }
}
