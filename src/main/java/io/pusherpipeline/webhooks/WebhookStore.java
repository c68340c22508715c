package io.pusherpipeline.webhooks;

import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.storage.JdbcUrls;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.storage.Tables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores verified webhook batches where {@code pusher.sink} says: with {@code file}, as files
 * ({@link WebhookFiles}); with {@code jdbc}, in {@code webhook_events}, keeping {@code presence_sessions} and
 * {@code channel_occupancy} in step ({@link ChannelStays}), the batches that arrive together in one transaction.
 */
public final class WebhookStore implements AutoCloseable {

    static final int ATTEMPTS = 3;
    /** At most this many batches in one transaction (the HTTP server's workers bound how many wait anyway). */
    private static final int BATCHES_PER_COMMIT = 100;

    private final GroupCommit<WebhookBatch, Integer> commits =
            new GroupCommit<>(this::storeTogether, e -> !Unreachable.database(e), BATCHES_PER_COMMIT);

    private String sink = "jdbc";
    private Path fileDir;
    private WebhookFiles files;
    private String url;
    private String schema;
    private DataSource dataSource;
    private boolean prepared;

    /** {@code jdbc} or {@code file}. */
    public void setSink(String sink) {
        this.sink = sink.strip();
    }

    public void setFileDir(String fileDir) {
        this.fileDir = Path.of(fileDir);
    }

    /** {@code pusher.jdbc.url}, for the messages (its secrets left out). */
    public void setUrl(String url) {
        this.url = url;
    }

    /** The snapshots' pool ({@code pusherDataSource}): one pool per database, which the sink closes. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setSchema(String schema) {
        this.schema = Tables.checkedSchema(schema);
    }

    /**
     * Stores the batch's events not stored yet and re-derives the stays of the channels they touch;
     * returns how many events were new, once they are committed. Batches that arrive while a
     * transaction runs wait and are then stored together in the next one ({@link GroupCommit}): one
     * transaction at a time. Against a second receiver sharing the database, the transactions take
     * turns ({@link HistoryTransaction}) and one is tried again when the two collided.
     */
    public int store(WebhookBatch batch) {
        if (sink.equals("file")) {
            synchronized (this) {
                return files().store(batch);
            }
        }
        return commits.submit(batch);
    }

    /** The batches in one transaction; one thread at a time (also against other writers of this store). */
    private synchronized List<Integer> storeTogether(List<WebhookBatch> batches) {
        for (int attempt = 1; ; attempt++) {
            try {
                return storeOnce(batches);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !collided(e)) {
                    throw new StorageException("Cannot store webhook events in " + destination() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private List<Integer> storeOnce(List<WebhookBatch> batches) throws SQLException {
        try (Connection c = connection()) {
            HistoryTransaction.begin(c, schema);
            try {
                Set<String> added = new HashSet<>();
                for (WebhookBatch merged : WebhookBatches.byApp(batches)) {
                    store(c, merged).forEach(e -> added.add(e.eventKey()));
                }
                c.commit();
                return WebhookBatches.newPerBatch(batches, added);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Another transaction stored the same event first (23505), or touched the same rows (40001, 40P01). */
    static boolean collided(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (collision(s) || s.getCause() instanceof SQLException cause && collision(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean collision(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.equals("23505"));
    }

    private List<WebhookEvent> store(Connection c, WebhookBatch batch) throws SQLException {
        WebhookRows events = new WebhookRows(c, schema);
        List<WebhookEvent> unseen = events.unseen(batch.events());
        Map<String, List<WebhookEvent>> byChannel = ChannelStays.byChannel(unseen);
        Map<String, Long> latestBefore = ChannelStays.latestBefore(events, batch.appId(), byChannel);
        events.insert(unseen, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        ChannelStays.update(events, new StayRows(c, schema), batch.appId(), byChannel, latestBefore);
        return unseen;
    }

    /**
     * After a snapshot loaded into the database (routes/pusher-snapshot.yaml, with the receiver on):
     * heals the stays of the channels it covers ({@link SnapshotHealing}), in one transaction, one at a
     * time with the batches. Never fails the snapshot: a failure is one WARN, and the next snapshot heals.
     */
    public void heal(Snapshot snapshot) {
        heal(snapshot.appId(), snapshot.loadId());
    }

    /** Heals from the load {@code loadId} of the app, stored and {@code loaded}. */
    public synchronized void heal(String appId, UUID loadId) {
        if (!sink.equals("file")) {
            SnapshotHealing.run(this::connection, schema, appId, loadId, this::destination);
        }
    }

    private Connection connection() throws SQLException {
        return preparedDataSource().getConnection();
    }

    private synchronized DataSource preparedDataSource() {
        if (!prepared) {
            Tables.create(dataSource, schema, destination());
            prepared = true;
        }
        return dataSource;
    }

    private synchronized WebhookFiles files() {
        files = files == null ? new WebhookFiles(fileDir) : files;
        return files;
    }

    private String destination() {
        return JdbcUrls.withoutSecrets(url) + " (" + schema + ")";
    }

    /** Lets go of the webhook files; the pool is the sink's, which closes it. */
    @Override
    public synchronized void close() {
        files = null;
    }
}
