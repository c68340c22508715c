package io.pusherpipeline.storage;

import io.pusherpipeline.snapshot.Snapshot;

/** Where snapshots go: a JDBC database or files. */
public interface SnapshotSink extends AutoCloseable {

    /** Checks the destination is usable (tables created when missing); fails fast at start-up. */
    void prepare();

    /** Records that a load has started. */
    void open(Snapshot snapshot);

    /** Writes the snapshot's rows and its {@code loaded} status, all or nothing. */
    void store(Snapshot snapshot);

    /** Records the load as failed with its error; writes none of its rows. */
    void fail(Snapshot snapshot);

    /** Where the rows go, for the summary line; never contains a password. */
    String destination();

    /** Lets go of what the sink holds (a connection pool); called when Camel stops. */
    @Override
    default void close() throws Exception {
        // Most sinks hold nothing between loads.
    }
}
