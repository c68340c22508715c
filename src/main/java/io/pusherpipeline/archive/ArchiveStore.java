package io.pusherpipeline.archive;

import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.history.ChannelEventInserts;
import io.pusherpipeline.history.ChannelLocks;
import io.pusherpipeline.history.ClientEventMatches;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The archiver's writes: a batch of received events into {@code channel_events} in one transaction
 * holding their channels' locks (as every writer of a channel's history), and the times it was not
 * connected as rows of {@code channel_gaps}.
 */
final class ArchiveStore {

    private final DataSource dataSource;
    private final String schema;
    private final String destination;
    private final boolean postgres;

    ArchiveStore(Destination to) {
        this.dataSource = to.dataSource();
        this.schema = to.schema();
        this.destination = to.printable();
        this.postgres = to.postgres();
    }

    /** Creates the missing tables (through the schema version, like every other writer). */
    void prepare() {
        Tables.create(dataSource, schema, destination);
    }

    /** Stores the events (all of {@code appId}) that are not stored yet; returns how many were new. */
    int write(String appId, List<ChannelEvent> events) throws SQLException {
        return write(appId, events, true);
    }

    /**
     * The same; {@code offeredBefore} false says no event of the batch was given to a write before, so none
     * can be stored already (an archiver key is new per frame: its socket and that socket's count) and the
     * lookup of stored keys is skipped. Should one be stored all the same, the unique key refuses the batch:
     * an error, never a second row. After a failed write, whose commit may have gone through, pass true.
     */
    int write(String appId, List<ChannelEvent> events, boolean offeredBefore) throws SQLException {
        List<String> channels = ChannelEventInserts.lockNames(events);
        boolean pg = postgres;
        try (ChannelLocks inJvm = pg ? ChannelLocks.NONE : ChannelLocks.inJvm(schema, channels);
             Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (pg) {
                    ChannelLocks.inDatabase(c, schema, channels);
                }
                ChannelEventInserts inserts = new ChannelEventInserts(c, schema, pg);
                List<ChannelEvent> unseen = offeredBefore ? inserts.unseen(appId, events) : events;
                // A client event its webhook stored already is that row, not a second one.
                inserts.append(new ClientEventMatches(c, schema).unmatched(unseen));
                c.commit();
                return unseen.size();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    /** Opens a gap at {@code at} unless one is open already (a previous run's, or a replica's that stopped). */
    void openGap(String appId, OffsetDateTime at, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + schema + ".channel_gaps WHERE app_id = ? AND ended_at IS NULL")) {
                s.setString(1, appId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema
                    + ".channel_gaps (app_id, started_at, ended_at, reason) VALUES (?, ?, NULL, ?)")) {
                s.setString(1, appId);
                s.setObject(2, at);
                s.setString(3, reason.length() > 400 ? reason.substring(0, 400) : reason);
                s.executeUpdate();
            }
        }
    }

    /** Ends the app's open gaps at {@code at}; returns how many. */
    int closeGaps(String appId, OffsetDateTime at) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE " + schema
                + ".channel_gaps SET ended_at = ? WHERE app_id = ? AND ended_at IS NULL")) {
            s.setObject(1, at);
            s.setString(2, appId);
            return s.executeUpdate();
        }
    }

    /** A gap already over: the time of the events the archiver received but had to drop. */
    void recordGap(String appId, OffsetDateTime from, OffsetDateTime to, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO " + schema
                + ".channel_gaps (app_id, started_at, ended_at, reason) VALUES (?, ?, ?, ?)")) {
            s.setString(1, appId);
            s.setObject(2, from);
            s.setObject(3, to);
            s.setString(4, reason.length() > 400 ? reason.substring(0, 400) : reason);
            s.executeUpdate();
        }
    }

    /** The channels a load listed, each with its subscription_count (null when Pusher gave none). */
    Map<String, Integer> listed(UUID loadId) throws SQLException {
        Map<String, Integer> listed = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT channel_name,"
                + " subscription_count FROM " + schema + ".apps_channels WHERE load_id = ?")) {
            s.setObject(1, loadId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int count = rs.getInt(2);
                    listed.put(rs.getString(1), rs.wasNull() ? null : count);
                }
            }
        }
        return listed;
    }
}
