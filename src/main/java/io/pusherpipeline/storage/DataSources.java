package io.pusherpipeline.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
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
            return new UnpooledDataSource(url, user, password);
        }
        // Made lazily, on the first connection asked for: Camel's YAML DSL makes the beans twice at
        // start-up and throws the first ones away (SnapshotSteps#prepare).
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(durable(url));
        pool.setUsername(blankToNull(user));
        pool.setPassword(blankToNull(password));
        pool.setPoolName("pusher-jdbc");
        // An open H2 connection keeps the database open, so this process stays its AUTO_SERVER and
        // readers (the H2 console, show) connect through it instead of reopening the file each time.
        pool.setMinimumIdle(url.startsWith("jdbc:h2:") ? 1 : 0);
        // Each app's snapshot in flight holds a connection for its streamed rows; opening a load,
        // recording a failure, the health check and the events journal take one each, briefly.
        pool.setMaximumPoolSize(12);
        pool.setInitializationFailTimeout(-1);
        // A database that cannot be reached should say so at start-up, not after Hikari's 30 s.
        pool.setConnectionTimeout(10_000);
        return pool;
    }

    /**
     * An embedded H2 file gets MAX_COMPACT_TIME=0 unless the URL sets it: H2 otherwise compacts the
     * file for up to 200 ms whenever the last connection closes; a running process still compacts while idle.
     */
    public static String tuned(String url) {
        return JdbcUrls.withH2Setting(url, "MAX_COMPACT_TIME", "0");
    }

    /**
     * An embedded H2 file as the snapshots and the events journal need it: {@link #tuned}, and each
     * commit written at once (WRITE_DELAY=0: H2 otherwise holds commits up to 500 ms, and a SIGKILL
     * would lose the journal rows of batches Pusher accepted).
     */
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

    /**
     * Creates the folder of a DuckDB file, which DuckDB, unlike H2, does not create itself
     * ({@code jdbc:duckdb:./data/pusher.duckdb} on a fresh machine).
     */
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

    /** Opens a connection per call through DriverManager. */
    private record UnpooledDataSource(String url, String user, String password) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return getConnection(user, password);
        }

        @Override
        public Connection getConnection(String username, String secret) throws SQLException {
            return username == null || username.isBlank()
                    ? DriverManager.getConnection(url)
                    : DriverManager.getConnection(url, username, secret);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // DriverManager logging stays as the JVM has it.
        }

        @Override
        public void setLoginTimeout(int seconds) {
            DriverManager.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return DriverManager.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }

        @Override
        public String toString() {
            return "UnpooledDataSource[" + JdbcUrls.withoutSecrets(url) + "]";
        }
    }
}
