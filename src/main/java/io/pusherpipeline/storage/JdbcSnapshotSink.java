package io.pusherpipeline.storage;

import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.snapshot.SnapshotSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots to a JDBC database, each in one transaction. A connection is taken only
 * for the moment of writing, so a second reader of an embedded database is never locked out for long.
 */
public final class JdbcSnapshotSink implements SnapshotSink {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.storage");
    private static final int ERROR_CHARS = 4000;
    private static final int PING_SECONDS = 2;

    private final Destination to;
    private final DataSource dataSource;
    private final String schema;
    private final Pruning pruning;
    private volatile boolean prepared;

    public JdbcSnapshotSink(Destination to, WriteDisposition disposition, Optional<Duration> retention) {
        this.to = to;
        this.dataSource = to.dataSource();
        this.schema = to.schema();
        this.pruning = new Pruning(schema, disposition, retention);
    }

    @Override
    public synchronized void prepare() {
        if (prepared) {
            return;
        }
        DataSources.createFolderOf(to.url());
        try (Connection c = dataSource.getConnection()) {
            int found = SchemaVersion.upgrade(c, schema, to.printable());
            if (found > 0 && found < SchemaVersion.CURRENT) {
                LOG.info("Upgraded the tables in {} from schema version {} to {}, keeping their rows",
                        to.printable(), found, SchemaVersion.CURRENT);
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot create the tables in " + to.printable() + ": " + rootMessage(e), e);
        }
        prepared = true;
    }

    @Override
    public void failAbandoned(String appId, OffsetDateTime cutoff, String reason) {
        prepare();
        String sql = "UPDATE " + schema + ".pusher_loads SET status = 'failed', finished_at = ?, error = ?"
                + " WHERE status = 'running' AND started_at < ?" + (appId == null ? "" : " AND app_id = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(2, reason);
            s.setObject(3, cutoff);
            if (appId != null) {
                s.setString(4, appId);
            }
            int abandoned = s.executeUpdate();
            if (abandoned > 0) {
                LOG.warn("Marked {} load(s){} left running as failed: {}", abandoned, appId == null ? "" : " of app " + appId, reason);
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot mark abandoned loads in " + to.printable() + ": " + rootMessage(e), e);
        }
    }

    @Override
    public Optional<OffsetDateTime> lastLoaded(String appId) {
        String sql = "SELECT MAX(started_at) FROM " + schema + ".pusher_loads WHERE app_id = ? AND status = 'loaded'";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read the loads of app " + appId + " in " + to.printable() + ": " + rootMessage(e), e);
        }
    }

    @Override
    public void ping() {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(PING_SECONDS)) {
                throw new SQLException("the connection did not answer within " + PING_SECONDS + " s");
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot reach " + to.printable() + ": " + rootMessage(e), e);
        }
    }

    @Override
    public void open(Snapshot snapshot) {
        prepare();
        String sql = "INSERT INTO " + schema + ".pusher_loads (load_id, app_id, started_at, status) VALUES (?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, snapshot.loadId());
            s.setString(2, snapshot.appId());
            s.setObject(3, snapshot.startedAt());
            s.setString(4, Snapshot.Status.RUNNING.label());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("Cannot record the start of load " + snapshot.loadId() + " in " + to.printable() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void store(Snapshot snapshot) {
        // Only for a snapshot gathered whole (no route streams it): a writer thread of its own for the moment.
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Rows rows = rows(snapshot, writer);
            try {
                snapshot.channels().forEach(rows::add);
            } catch (RuntimeException e) {
                rows.abort();
                throw e;
            }
            rows.commit();
        } finally {
            writer.shutdown();
        }
    }

    /** Rows inserted while the snapshot is taken, by a task of {@code writers}, in the load's one transaction. */
    @Override
    public Rows rows(Snapshot snapshot, ExecutorService writers) {
        return new JdbcRows(to, snapshot, writers, c -> {
            updateLoad(c, snapshot);
            pruning.apply(c, snapshot);
        }, e -> e instanceof StorageException s ? s : new StorageException(
                "Cannot write load " + snapshot.loadId() + " to " + to.printable() + ": " + e.getMessage(), e));
    }

    @Override
    public void fail(Snapshot snapshot) {
        try (Connection c = dataSource.getConnection()) {
            updateLoad(c, snapshot);
        } catch (SQLException e) {
            throw new StorageException("Cannot record that load " + snapshot.loadId() + " failed in " + to.printable() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        DataSources.close(dataSource, "the connections to " + to.printable());
    }

    @Override
    public String destination() {
        return to.printable();
    }

    private void updateLoad(Connection c, Snapshot snapshot) throws SQLException {
        boolean loaded = snapshot.status() == Snapshot.Status.LOADED;
        String sql = "UPDATE " + schema + ".pusher_loads SET finished_at = ?, status = ?, channel_count = ?,"
                + " user_count = ?, request_count = ?, error = ?, members_prefix = ? WHERE load_id = ? AND status = 'running'";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, snapshot.finishedAt());
            s.setString(2, snapshot.status().label());
            JdbcRowBatches.setInteger(s, 3, loaded ? snapshot.channelCount() : null);
            JdbcRowBatches.setInteger(s, 4, loaded ? snapshot.userCount() : null);
            s.setInt(5, snapshot.requestCount());
            String error = snapshot.error();
            s.setString(6, error == null || error.length() <= ERROR_CHARS ? error : error.substring(0, ERROR_CHARS));
            s.setString(7, loaded ? snapshot.membersPrefix() : null);
            s.setObject(8, snapshot.loadId());
            if (s.executeUpdate() != 1) {
                throw new SQLException("load " + snapshot.loadId() + " is no longer running in pusher_loads:"
                        + " it outlived pusher.snapshot.timeout and another start-up marked it failed");
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
