package io.pusherpipeline.storage;

import io.pusherpipeline.snapshot.Snapshot;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a load's rows took to write, from its first row to the commit, and how much of that the
 * database was working rather than waiting for rows; logged at DEBUG ({@code pusher.storage}), which
 * the benchmark reads.
 */
final class WritePhase {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.storage");

    private final Snapshot snapshot;
    private long first;
    private long since;
    private long working;

    WritePhase(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    void writing() {
        since = System.nanoTime();
        if (first == 0) {
            first = since;
        }
    }

    void waiting() {
        working += System.nanoTime() - since;
    }

    void committed() {
        waiting();
        if (LOG.isDebugEnabled()) {
            LOG.debug(String.format(Locale.ROOT, "Load %s: %d channel rows and %d member rows written in %.3f s"
                            + " from the first row to the commit, %.3f s of it writing",
                    snapshot.shortId(), snapshot.channelCount(), snapshot.memberRowCount(),
                    (System.nanoTime() - first) / 1e9, working / 1e9));
        }
    }
}
