package io.pusherpipeline.events;

import com.zaxxer.hikari.HikariDataSource;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;

/**
 * Builds the journal where the snapshots go: in their database, through the same DataSource, with
 * {@code pusher.sink=jdbc}; with the file sink an embedded H2 database beside the exported files,
 * {@code {pusher.file.dir}/pusher-events}.
 */
public final class EventJournals {

    /** An idle connection is closed after this long, so an embedded file is not held between bursts. */
    private static final long IDLE_MILLIS = 10_000;

    private Destination destination;

    public EventJournal build() {
        if (destination.isDatabase()) {
            return new EventJournal(destination);
        }
        String url = "jdbc:h2:file:" + destination.folder().toAbsolutePath().normalize().resolve("pusher-events") + ";AUTO_SERVER=TRUE";
        // No channel_events beside a file sink: the history lives in a database (docs/history.md).
        return new EventJournal(Destination.database(pool(url), url, "pusher_data"), false);
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

    /** The snapshots' destination ({@code pusherDestination}), beside which the journal lives. */
    public void setDestination(Destination destination) {
        this.destination = destination;
    }
}
