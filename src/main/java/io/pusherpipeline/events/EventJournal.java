package io.pusherpipeline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.history.ChannelEventInserts;
import io.pusherpipeline.history.ChannelLocks;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code apps_events}: which events Pusher accepted. Read before sending so a restart skips
 * them; written right after each accepted request, in one transaction per request, with the
 * events as sent in {@code channel_events} (one row per channel) when it keeps the history.
 */
public final class EventJournal implements AutoCloseable {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final String schema;
    private final String destination;
    private final boolean keepsHistory;
    private final boolean postgres;
    private volatile boolean prepared;

    /** A journal that keeps the history too: in the snapshots' database. */
    public EventJournal(Destination to) {
        this(to, true);
    }

    /** {@code keepsHistory}: also write {@code channel_events} (not in the file sink's journal, which no reader asks). */
    public EventJournal(Destination to, boolean keepsHistory) {
        this.dataSource = to.dataSource();
        this.schema = to.schema();
        this.destination = to.printable();
        this.postgres = to.postgres();
        this.keepsHistory = keepsHistory;
    }

    public synchronized void prepare() {
        if (!prepared) {
            Tables.create(dataSource, schema, destination);
            prepared = true;
        }
    }

    /** The keys among {@code keys} that Pusher already accepted. */
    public Set<String> published(List<String> keys) {
        prepare();
        Set<String> found = new HashSet<>();
        String sql = "SELECT 1 FROM " + schema + ".apps_events WHERE event_key = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (String key : keys) {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        found.add(key);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read the events journal (apps_events) in " + destination + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Records that Pusher accepted these events with {@code httpStatus}. */
    public void record(String appId, String source, List<PusherEvent> events, int httpStatus) {
        record(appId, source, events, httpStatus, Map.of());
    }

    /** Records that Pusher accepted these events with {@code httpStatus}, and the counts it returned per event index. */
    public void record(String appId, String source, List<PusherEvent> events, int httpStatus, Map<Integer, EventCounts> counts) {
        record(appId, source, new PublishRequest("/events", events), httpStatus, counts);
    }

    /**
     * Records that Pusher accepted the request's events with {@code httpStatus}: in apps_events by their
     * keys, and as sent in channel_events, in one transaction holding their channels' locks (retried
     * when it waited too long for them: Pusher has the events, a failure here would send them again).
     */
    public void record(String appId, String source, PublishRequest request, int httpStatus, Map<Integer, EventCounts> counts) {
        prepare();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<ChannelEvent> history = keepsHistory ? PublishedEvents.of(appId, source, request, now) : List.of();
        for (int attempt = 1; ; attempt++) {
            try {
                once(appId, source, request.events(), httpStatus, counts, history, now);
                return;
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                if (attempt < ATTEMPTS && waited(e)) {
                    continue;
                }
                throw new StorageException("Pusher accepted " + request.events().size() + " events of " + source
                        + " but they cannot be recorded in apps_events in " + destination + " (a restart would send them again): "
                        + e.getMessage(), e);
            }
        }
    }

    private void once(String appId, String source, List<PusherEvent> events, int httpStatus, Map<Integer, EventCounts> counts,
                      List<ChannelEvent> history, OffsetDateTime now) throws SQLException, JsonProcessingException {
        String sql = "INSERT INTO " + schema + ".apps_events (event_key, published_at, app_id, channels, event_name,"
                + " data_bytes, http_status, subscription_count, user_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        List<String> channels = ChannelEventInserts.lockNames(history);
        try (ChannelLocks inJvm = postgres || channels.isEmpty() ? ChannelLocks.NONE : ChannelLocks.inJvm(schema, channels);
             Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (postgres && !channels.isEmpty()) {
                    ChannelLocks.inDatabase(c, schema, channels);
                }
                for (PusherEvent event : events) {
                    s.setString(1, event.key(source));
                    s.setObject(2, now);
                    s.setString(3, appId);
                    s.setString(4, JSON.writeValueAsString(event.channels()));
                    s.setString(5, event.name());
                    s.setInt(6, event.dataBytes());
                    s.setInt(7, httpStatus);
                    EventCounts said = counts.get(event.index());
                    count(s, 8, said == null ? null : said.subscriptionCount());
                    count(s, 9, said == null ? null : said.userCount());
                    s.addBatch();
                }
                s.executeBatch();
                ChannelEventInserts inserts = new ChannelEventInserts(c, schema, postgres);
                inserts.append(inserts.unseen(appId, history));
                c.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    /** A channel's lock was not had in time (here, or PostgreSQL's lock_timeout): worth another try. */
    private static boolean waited(Exception e) {
        return e instanceof StorageException && e.getMessage().contains("held a channel")
                || e instanceof SQLException sql && "55P03".equals(sql.getSQLState());
    }

    private static void count(PreparedStatement s, int parameter, Integer count) throws SQLException {
        if (count == null) {
            s.setNull(parameter, Types.INTEGER);
        } else {
            s.setInt(parameter, count);
        }
    }

    /** Closes the connections (the bean's destroy method, after the routes stopped). */
    @Override
    public void close() {
        DataSources.close(dataSource, "the events journal in " + destination);
    }

    public String destination() {
        return destination;
    }
}
