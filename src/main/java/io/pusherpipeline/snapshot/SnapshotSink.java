package io.pusherpipeline.snapshot;

import io.pusherpipeline.channels.ChannelState;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.Optional;

/** Where snapshots go: a JDBC database or files. */
public interface SnapshotSink extends AutoCloseable {

    /** Checks the destination is usable (tables created when missing); fails fast at start-up. */
    void prepare();

    /**
     * Marks failed, with {@code reason}, the loads of {@code appId} (null: of every app) still {@code running}
     * that started before {@code cutoff}: the process taking them stopped.
     */
    void failAbandoned(String appId, OffsetDateTime cutoff, String reason);

    /** When the app's latest loaded snapshot began, where the sink can tell (a database; files: empty). */
    default Optional<OffsetDateTime> lastLoaded(String appId) {
        return Optional.empty();
    }

    /** Checks, now, that the destination can be reached (readiness); throws a StorageException saying why not. */
    void ping();

    /** Records that a load has started. */
    void open(Snapshot snapshot);

    /** Writes the snapshot's rows and its {@code loaded} status, all or nothing. */
    void store(Snapshot snapshot);

    /**
     * The rows of a load as its channels arrive, written by a task of {@code writers} where the sink writes as
     * they come; by default gathered in memory and written by {@link #store} at the end.
     */
    default Rows rows(Snapshot snapshot, ExecutorService writers) {
        return new Rows() {
            private final List<ChannelState> channels = new ArrayList<>();

            @Override
            public synchronized void add(ChannelState channel) {
                channels.add(channel);
            }

            @Override
            public synchronized void commit() {
                snapshot.gathered(channels);
                store(snapshot);
            }

            @Override
            public void abort() {
                // Nothing was written.
            }
        };
    }

    /** The rows of one load, written as its channels arrive, all or nothing. */
    interface Rows {

        /** One channel and its members, in any order; may wait while the destination catches up. */
        void add(ChannelState channel);

        /** Channels already in memory (those that need no request), handed over in one go. */
        default void addAll(List<ChannelState> channels) {
            channels.forEach(this::add);
        }

        /** Writes what is left and the load's final status (set before this), then commits. */
        void commit();

        /** Writes nothing of the load's rows; what was written so far is rolled back. */
        void abort();
    }

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
