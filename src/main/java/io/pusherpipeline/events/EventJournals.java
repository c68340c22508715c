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

    /** The journal's URL: each commit written at once ({@link DataSources#durable}). */
    static String forJournal(String url) {
        return DataSources.durable(url);
    }

    /** Pooled: a file is published in a few journal reads and writes, and opening an H2 file each time costs 100-200 ms. */
    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(forJournal(url));
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
