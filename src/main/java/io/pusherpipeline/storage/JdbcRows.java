package io.pusherpipeline.storage;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.snapshot.SnapshotSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The rows of one load written to a database while the snapshot is still being taken: a task of
 * the writers' executor inserts each channel as it arrives, in batches, inside the load's one transaction,
 * so the database works while the requests wait on the network. Nothing is visible before the
 * commit; a failure or {@link #abort()} rolls everything back.
 */
final class JdbcRows implements SnapshotSink.Rows {

    /** What the writing thread does once the rows have been inserted. */
    interface Finish {
        void apply(Connection c) throws SQLException;
    }

    private static final List<ChannelState> COMMIT = List.of(ChannelState.of("commit", null, null));
    private static final List<ChannelState> ABORT = List.of(ChannelState.of("abort", null, null));
    // One item is one channel from the split, or a few of those that needed no request: enough to
    // keep the writer busy, while a slow database holds back the list rather than filling memory.
    private static final int QUEUED = 256;

    private final BlockingQueue<List<ChannelState>> queue = new ArrayBlockingQueue<>(QUEUED);
    private final ExecutorService writers;
    private final CompletableFuture<Void> writer;
    private final Function<Exception, StorageException> failed;
    private volatile Exception failure;

    JdbcRows(Destination to, Snapshot snapshot, ExecutorService writers, Finish finish, Function<Exception, StorageException> failed) {
        this.failed = failed;
        this.writers = writers;
        writer = CompletableFuture.runAsync(() -> write(to, snapshot, finish), writers);
    }

    @Override
    public void add(ChannelState channel) {
        addAll(List.of(channel));
    }

    @Override
    public void addAll(List<ChannelState> channels) {
        failIfWriterFailed();
        put(channels);
    }

    @Override
    public void commit() {
        put(COMMIT);
        join();
        failIfWriterFailed();
    }

    @Override
    public void abort() {
        queue.clear();
        put(ABORT);
        join();
    }

    private void write(Destination to, Snapshot snapshot, Finish finish) {
        List<ChannelState> next = null;
        try (Connection c = to.dataSource().getConnection()) {
            c.setAutoCommit(false);
            WritePhase phase = new WritePhase(snapshot);
            // Rolled back only once the writer is closed: a COPY still open would hold the connection.
            try (RowWriter rows = RowWriter.open(c, to, snapshot)) {
                while ((next = next()) != COMMIT && next != ABORT) {
                    phase.writing();
                    for (ChannelState channel : next) {
                        rows.add(channel);
                    }
                    phase.waiting();
                }
                if (next == COMMIT) {
                    phase.writing();
                    rows.flush();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            try {
                if (next == COMMIT) {
                    finish.apply(c);
                    c.commit();
                    phase.committed();
                } else {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
        // After a failure, take what still comes so that no add() waits forever on a full queue.
        while (next != COMMIT && next != ABORT && !Thread.currentThread().isInterrupted()) {
            try {
                next = next();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The next item; ABORT once the writers' pool shuts down (Camel stopping), which would otherwise wait on this task. */
    private List<ChannelState> next() throws InterruptedException {
        List<ChannelState> next;
        while ((next = queue.poll(1, TimeUnit.SECONDS)) == null) {
            if (writers.isShutdown()) {
                return ABORT;
            }
        }
        return next;
    }

    private void failIfWriterFailed() {
        Exception e = failure;
        if (e != null) {
            throw failed.apply(e);
        }
    }

    private void put(List<ChannelState> channels) {
        try {
            queue.put(channels);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while writing the rows", e);
        }
    }

    private void join() {
        try {
            writer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while writing the rows", e);
        } catch (ExecutionException e) {
            throw new StorageException("The rows' writer failed: " + e.getCause(), e.getCause());
        }
    }
}
