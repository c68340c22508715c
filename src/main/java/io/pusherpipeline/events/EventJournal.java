package io.pusherpipeline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code apps_events}: which events Pusher accepted. Read before sending so a restart skips
 * them; written right after each accepted request, in one transaction per request.
 */
public final class EventJournal implements AutoCloseable {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final DataSource dataSource;
    private final String schema;
    private final String destination;
    private volatile boolean prepared;

    public EventJournal(DataSource dataSource, String schema, String destination) {
        this.dataSource = dataSource;
        this.schema = Tables.checkedSchema(schema);
        this.destination = destination;
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
        String sql = "INSERT INTO " + schema + ".apps_events (event_key, published_at, app_id, channels, event_name,"
                + " data_bytes, http_status, subscription_count, user_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
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
                c.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StorageException("Pusher accepted " + events.size() + " events of " + source
                    + " but they cannot be recorded in apps_events in " + destination + " (a restart would send them again): "
                    + e.getMessage(), e);
        }
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
