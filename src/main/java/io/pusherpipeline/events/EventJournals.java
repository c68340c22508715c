package io.pusherpipeline.events;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.JdbcUrls;
import java.nio.file.Path;

/**
 * Where the journal lives: the configured database with {@code pusher.sink=jdbc}; with the file
 * sink an embedded H2 database beside the exported files, {@code {pusher.file.dir}/pusher-events}.
 */
public final class EventJournals {

    /** An idle connection is closed after this long, so an embedded file is not held between bursts. */
    private static final long IDLE_MILLIS = 10_000;

    private EventJournals() {
    }

    public static EventJournal create(String sink, String jdbcUrl, String user, String password, String schema, String fileDir) {
        if ("file".equals(sink == null ? "" : sink.strip())) {
            String url = "jdbc:h2:file:" + Path.of(fileDir).toAbsolutePath().normalize().resolve("pusher-events") + ";AUTO_SERVER=TRUE";
            return new EventJournal(pool(url, "", ""), "pusher_data", url + " (pusher_data)");
        }
        return new EventJournal(pool(jdbcUrl, user, password), schema, JdbcUrls.withoutSecrets(jdbcUrl) + " (" + schema + ")");
    }

    /**
     * H2 keeps commits in memory up to WRITE_DELAY (500 ms by default) before writing them: a
     * SIGKILL would lose journal rows of batches Pusher accepted, and the restart would send
     * more than the batch in flight again. WRITE_DELAY=0 writes each commit at once.
     */
    static String forJournal(String url) {
        return JdbcUrls.withH2Setting(DataSources.tuned(url), "WRITE_DELAY", "0");
    }

    /**
     * Pooled even for embedded databases, unlike the snapshot sink: a file is published in a few
     * journal reads and writes, and opening an H2 file costs 100-200 ms each time (measured here),
     * which made publishing ten times slower. Idle connections close after 10 s.
     */
    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(forJournal(url));
        config.setUsername(user == null || user.isBlank() ? null : user);
        config.setPassword(password == null || password.isBlank() ? null : password);
        config.setPoolName("pusher-events-journal");
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(2);
        config.setIdleTimeout(IDLE_MILLIS);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
