package io.pusherpipeline.events;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.JdbcUrls;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * Builds the journal where it lives: the snapshots' database (its DataSource) with {@code pusher.sink=jdbc};
 * with the file sink an embedded H2 database beside the exported files, {@code {pusher.file.dir}/pusher-events}.
 */
public final class EventJournals {

    /** An idle connection is closed after this long, so an embedded file is not held between bursts. */
    private static final long IDLE_MILLIS = 10_000;

    private String sink = "jdbc";
    private DataSource dataSource;
    private String jdbcUrl;
    private String schema = "pusher_data";
    private String fileDir;

    public EventJournal build() {
        if ("file".equals(sink == null ? "" : sink.strip())) {
            String url = "jdbc:h2:file:" + Path.of(fileDir).toAbsolutePath().normalize().resolve("pusher-events") + ";AUTO_SERVER=TRUE";
            return new EventJournal(pool(url), "pusher_data", url + " (pusher_data)");
        }
        return new EventJournal(dataSource, schema, JdbcUrls.withoutSecrets(jdbcUrl) + " (" + schema + ")");
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
     * Pooled: a file is published in a few journal reads and writes, and opening an H2 file each
     * time costs 100-200 ms. Closed by the pool at Camel's stop, not by H2's own shutdown hook.
     */
    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JdbcUrls.withH2Setting(forJournal(url), "DB_CLOSE_ON_EXIT", "FALSE"));
        config.setPoolName("pusher-events-journal");
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(2);
        config.setIdleTimeout(IDLE_MILLIS);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    public void setSink(String sink) {
        this.sink = sink;
    }

    /** The snapshots' database, used with {@code pusher.sink=jdbc}. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public void setFileDir(String fileDir) {
        this.fileDir = fileDir;
    }
}
