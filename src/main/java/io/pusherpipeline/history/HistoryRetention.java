package io.pusherpipeline.history;

import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.Retention;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the {@code channel_events} rows older than {@code pusher.history.retention}, run by the
 * timer of routes/pusher-history-retention.yaml. Each channel's newest row stays whatever its age, so a
 * channel's seq never starts again at 1 under a reader's cursor. A DELETE by time is the same
 * whoever runs it, so every replica may.
 */
public final class HistoryRetention {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.history");

    private Destination destination;
    private Optional<Duration> retention = Optional.empty();
    private volatile boolean prepared;

    /** {@code pusherDestination}; a folder has no channel_events to prune. */
    public void setDestination(Destination destination) {
        this.destination = destination;
    }

    /** {@code pusher.history.retention}: empty or {@code off} keeps every row. */
    public void setRetention(String retention) {
        this.retention = Retention.parse("pusher.history.retention", retention);
    }

    /** Deletes what is older than the retention; returns how many rows went. A failure is one WARN: the next run tries again. */
    public int prune() {
        return retention.isEmpty() || !destination.isDatabase() ? 0 : prune(OffsetDateTime.now(ZoneOffset.UTC).minus(retention.get()));
    }

    /** Deletes the rows that occurred before {@code before}, but each channel's newest. */
    public int prune(OffsetDateTime before) {
        String schema = destination.schema();
        if (!prepared) {
            Tables.create(destination);
            prepared = true;
        }
        String sql = "DELETE FROM " + schema + ".channel_events e WHERE e.occurred_at < ? AND e.seq < (SELECT MAX(m.seq) FROM "
                + schema + ".channel_events m WHERE m.app_id = e.app_id AND m.channel_name = e.channel_name)";
        try (Connection c = destination.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, before);
            int deleted = s.executeUpdate();
            if (deleted > 0) {
                LOG.info("Deleted {} channel_events rows older than {} (pusher.history.retention)", deleted, before);
            }
            return deleted;
        } catch (SQLException e) {
            LOG.warn("Cannot delete old channel_events rows in {} (the next run will): {}", destination.printable(), e.getMessage());
            return 0;
        }
    }
}
