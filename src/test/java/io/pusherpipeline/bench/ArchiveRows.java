package io.pusherpipeline.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The archiver case's reader of {@code channel_events}: every {@code pollMs} the archiver's rows it has
 * not seen yet, each recorded in {@link ArchiveArrivals} at the time it was first read. On PostgreSQL
 * one query looks up each channel's rows beyond the highest seq read so far (the primary key); on H2
 * (small runs only) it reads all the archiver's rows and skips those read before.
 */
final class ArchiveRows implements AutoCloseable {

    private final ArchiveArrivals arrivals = new ArchiveArrivals();
    private final ArchiveArrivals received = new ArchiveArrivals();
    private final Connection c;
    private final String url;
    private final String user;
    private final String password;
    private final String table;
    private final String appId;
    private final List<String> channels;
    private final boolean postgres;
    private final Map<String, Long> highest = new HashMap<>();
    private final Thread poller;
    private volatile boolean stopping;
    private volatile String error;

    ArchiveRows(String url, String user, String password, String schema, String appId, List<String> channels, long pollMs)
            throws SQLException {
        this.c = DriverManager.getConnection(url, user, password);
        this.url = url;
        this.user = user;
        this.password = password;
        this.table = schema + ".channel_events";
        this.appId = appId;
        this.channels = channels;
        this.postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        channels.forEach(ch -> highest.put(ch, 0L));
        this.poller = new Thread(() -> {
            while (!stopping) {
                try {
                    poll();
                    Thread.sleep(pollMs);
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | RuntimeException e) {
                    // The archiver creates the table when it first stores: until then there is nothing to read.
                    error = e.getMessage();
                    try {
                        Thread.sleep(pollMs);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }, "archive-bench-rows");
        poller.setDaemon(true);
        poller.start();
    }

    ArchiveArrivals arrivals() {
        return arrivals;
    }

    /** The same rows by their occurred_at, the time the archiver received each: where the latency goes. */
    ArchiveArrivals received() {
        return received;
    }

    private void poll() throws SQLException {
        String sql = postgres
                ? "SELECT e.channel_name, e.seq, e.data, e.occurred_at FROM unnest(?::varchar[], ?::bigint[]) AS c(ch, after)"
                + " CROSS JOIN LATERAL (SELECT channel_name, seq, data, occurred_at FROM " + table + " WHERE app_id = ? AND channel_name = c.ch"
                + " AND seq > c.after AND source = 'archiver' ORDER BY seq) e"
                : "SELECT channel_name, seq, data, occurred_at FROM " + table + " WHERE app_id = ? AND source = 'archiver' ORDER BY channel_name, seq";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (postgres) {
                Array names = c.createArrayOf("varchar", channels.toArray());
                Array after = c.createArrayOf("bigint", channels.stream().map(highest::get).toArray());
                s.setArray(1, names);
                s.setArray(2, after);
                s.setString(3, appId);
            } else {
                s.setString(1, appId);
            }
            try (ResultSet rs = s.executeQuery()) {
                long now = System.currentTimeMillis();
                while (rs.next()) {
                    String channel = rs.getString(1);
                    long seq = rs.getLong(2);
                    Long before = highest.get(channel);
                    if (before == null || seq <= before) {
                        continue;
                    }
                    highest.put(channel, Math.max(before, seq));
                    arrivals.record(rs.getString(3), now);
                    received.record(rs.getString(3), rs.getObject(4, java.time.OffsetDateTime.class).toInstant().toEpochMilli());
                }
            }
        }
    }

    /** The last error of a poll (before the table exists, say), or null. */
    String error() {
        return error;
    }

    /**
     * The stored archiver rows of the load's event and how many distinct data (one per sequence number) they hold,
     * on a connection of its own (H2's server went with the jar).
     */
    long[] countAndDistinct() throws SQLException {
        try (Connection fresh = DriverManager.getConnection(url, user, password); PreparedStatement s = fresh.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT data) FROM " + table
                + " WHERE app_id = ? AND source = 'archiver' AND event_name = ?")) {
            s.setString(1, appId);
            s.setString(2, ArchiveLoad.EVENT);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** Stops reading (before the jar, and with it H2's server, stops). */
    @Override
    public void close() throws SQLException {
        if (stopping) {
            return;
        }
        stopping = true;
        poller.interrupt();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        c.close();
    }
}
