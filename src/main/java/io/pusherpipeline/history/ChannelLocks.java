package io.pusherpipeline.history;

import io.pusherpipeline.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channels a transaction writes the history of (stays derived again, channel_events numbered),
 * locked until it ends, so that two transactions never write one channel at once while those on
 * other channels run side by side. Locks are taken in one order (sorted keys), so they never wait
 * on each other in a circle. Every writer of a channel's history takes these: the webhook store,
 * the events journal.
 */
public final class ChannelLocks implements AutoCloseable {

    /** Long enough for a busy channel's turn, short enough to answer 503 within Pusher's 4 s. */
    public static final long WAIT_MS = 2_000;

    /** H2's and DuckDB's files are opened by one process only, so a lock in this JVM is a lock for every writer. */
    private static final ReentrantLock[] STRIPES = new ReentrantLock[1024];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new ReentrantLock();
        }
    }

    /** No locks: PostgreSQL's are the transaction's. */
    public static final ChannelLocks NONE = new ChannelLocks();

    private final List<ReentrantLock> held = new ArrayList<>();

    private ChannelLocks() {
    }

    /**
     * Locks the app's channels for the connection's transaction on PostgreSQL, with
     * {@code pg_advisory_xact_lock}: shared by every receiver, released at commit or rollback. The
     * transaction's statements are planned each time: a cached plan made while the tables had no
     * statistics yet (a new schema) scans the app's whole history instead of looking up the pairs.
     */
    public static void inDatabase(Connection c, String schema, Collection<String> channels) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT set_config('lock_timeout', ?, true),"
                + " set_config('plan_cache_mode', 'force_custom_plan', true)")) {
            s.setString(1, WAIT_MS + "ms");
            s.execute();
        }
        long[] keys = keys(schema, channels);
        if (keys.length > 0) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(k) FROM unnest(?) AS k")) {
                s.setArray(1, c.createArrayOf("bigint", Arrays.stream(keys).boxed().toArray()));
                s.execute();
            }
        }
    }

    /** Locks the app's channels in this JVM (H2, DuckDB) until {@link #close}. */
    public static ChannelLocks inJvm(String schema, Collection<String> channels) {
        long[] stripes = Arrays.stream(keys(schema, channels)).map(k -> Math.floorMod(k, STRIPES.length))
                .distinct().sorted().toArray();
        ChannelLocks locks = new ChannelLocks();
        try {
            for (long stripe : stripes) {
                ReentrantLock lock = STRIPES[(int) stripe];
                if (!lock.tryLock(WAIT_MS, TimeUnit.MILLISECONDS)) {
                    throw new StorageException("Another transaction held a channel of this one for "
                            + WAIT_MS + " ms", null);
                }
                locks.held.add(lock);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locks.close();
            throw new StorageException("Interrupted while waiting for a channel's lock", e);
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
        return locks;
    }

    /** A channel of an app, as the locks know it. */
    public static String name(String appId, String channel) {
        return appId + "\n" + channel;
    }

    private static long[] keys(String schema, Collection<String> channels) {
        return channels.stream().mapToLong(channel -> key(schema, channel)).distinct().sorted().toArray();
    }

    /** One 64-bit key per (schema, app, channel): a collision only makes two channels take turns. */
    private static long key(String schema, String channel) {
        String name = "pusher-pipeline channel " + schema + "\n" + channel;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    /** Releases the locks held in this JVM (PostgreSQL's end with the transaction). */
    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).unlock();
        }
        held.clear();
    }
}
