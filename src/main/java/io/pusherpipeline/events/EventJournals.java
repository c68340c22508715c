package io.pusherpipeline.events;

import com.zaxxer.hikari.HikariDataSource;
import io.pusherpipeline.snapshot.SnapshotSink;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.FileSnapshotSink;
import io.pusherpipeline.storage.JdbcSnapshotSink;

/**
 * Builds the journal where the snapshots go: in their database, through the same DataSource, with
 * {@code pusher.sink=jdbc}; with the file sink an embedded H2 database beside the exported files,
 * {@code {pusher.file.dir}/pusher-events}.
 */
public final class EventJournals {

    /** An idle connection is closed after this long, so an embedded file is not held between bursts. */
    private static final long IDLE_MILLIS = 10_000;

    private SnapshotSink sink;

    public EventJournal build() {
        if (sink instanceof JdbcSnapshotSink jdbc) {
            return new EventJournal(jdbc.dataSource(), jdbc.schema(), jdbc.destination());
        }
        if (sink instanceof FileSnapshotSink file) {
            String url = "jdbc:h2:file:" + file.dir().toAbsolutePath().normalize().resolve("pusher-events") + ";AUTO_SERVER=TRUE";
            return new EventJournal(pool(url), "pusher_data", url + " (pusher_data)");
        }
        throw new IllegalArgumentException("Parameter [sink] must be the jdbc or the file sink, was: " + sink);
    }

    /** The journal's URL: each commit written at once ({@link DataSources#durable}). */
    static String forJournal(String url) {
        return DataSources.durable(url);
    }

    /** Pooled: a file is published in a few journal reads and writes, and opening an H2 file each time costs 100-200 ms. */
    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(forJournal(url));
        pool.setPoolName("pusher-events-journal");
        pool.setMinimumIdle(0);
        pool.setMaximumPoolSize(2);
        pool.setIdleTimeout(IDLE_MILLIS);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    /** The snapshots' sink ({@code pusherSink}), beside which the journal lives. */
    public void setSink(SnapshotSink sink) {
        this.sink = sink;
    }
}
