package io.pusherpipeline.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The DataSource for {@code pusher.jdbc.url}, one for the snapshots and the events journal: pooled
 * (HikariCP), except for DuckDB, whose file admits one process at a time and so is opened only for
 * the moment of a write.
 */
public final class DataSources {

    private DataSources() {
    }

    public static DataSource forUrl(String url, String user, String password) {
        if (url.startsWith("jdbc:duckdb:")) {
            return new DuckDbFile(url, blankToNull(user), blankToNull(password));
        }
        // Connects on first use: Camel's YAML DSL makes the beans twice at start-up and drops the first ones.
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(durable(url));
        pool.setUsername(blankToNull(user));
        pool.setPassword(blankToNull(password));
        pool.setPoolName("pusher-jdbc");
        // An open H2 connection keeps the database open, so this process stays its AUTO_SERVER and
        // readers (the H2 console, show) connect through it instead of reopening the file each time.
        pool.setMinimumIdle(url.startsWith("jdbc:h2:") ? 1 : 0);
        // A connection per app's snapshot in flight (its streamed rows), and a few brief ones.
        pool.setMaximumPoolSize(12);
        pool.setInitializationFailTimeout(-1);
        // A database that cannot be reached should say so at start-up, not after Hikari's 30 s.
        pool.setConnectionTimeout(10_000);
        return pool;
    }

    /** An embedded H2 file gets MAX_COMPACT_TIME=0 unless the URL sets it: no compacting whenever the last connection closes. */
    public static String tuned(String url) {
        return JdbcUrls.withH2Setting(url, "MAX_COMPACT_TIME", "0");
    }

    /** {@link #tuned}, and each commit written at once (WRITE_DELAY=0): a SIGKILL loses no journal row of a batch Pusher accepted. */
    public static String durable(String url) {
        return JdbcUrls.withH2Setting(tuned(url), "WRITE_DELAY", "0");
    }

    /** Closes a pool (a DataSource that holds connections); {@code what} names it in the error. */
    public static void close(DataSource dataSource, String what) {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new StorageException("Cannot close " + what + ": " + e.getMessage(), e);
            }
        }
    }

    /** Creates the folder of a DuckDB file, which DuckDB, unlike H2, does not create itself. */
    static void createFolderOf(String url) {
        if (!url.startsWith("jdbc:duckdb:")) {
            return;
        }
        String file = url.substring("jdbc:duckdb:".length()).split("[?;]", 2)[0];
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("md:")) {
            return;
        }
        Path folder = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StorageException("Cannot create the folder " + folder + " of the DuckDB file in pusher.jdbc.url: " + e, e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
