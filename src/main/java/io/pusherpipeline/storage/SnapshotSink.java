package io.pusherpipeline.storage;

import io.pusherpipeline.snapshot.Snapshot;

/** Where snapshots go: a JDBC database or files. */
public interface SnapshotSink extends AutoCloseable {

    /** Checks the destination is usable (tables created when missing); fails fast at start-up. */
    void prepare();

    /**
     * Marks failed the loads still {@code running} that started before {@code cutoff}: their
     * process stopped before they ended, since no snapshot may end after its deadline.
     */
    void failAbandoned(java.time.OffsetDateTime cutoff);

    /** Checks, now, that the destination can be reached (readiness); throws a StorageException saying why not. */
    void ping();

    /** Records that a load has started. */
    void open(Snapshot snapshot);

    /** Writes the snapshot's rows and its {@code loaded} status, all or nothing. */
    void store(Snapshot snapshot);

    /** Records the load as failed with its error; writes none of its rows. */
    void fail(Snapshot snapshot);

    /** Lets go of what the sink holds (a connection pool; H2 then flushes and closes its file). */
    @Override
    default void close() {
        // Most sinks hold nothing between loads.
    }

    /** Where the rows go, for the summary line; never contains a password. */
    String destination();

}
