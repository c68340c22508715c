package io.pusherpipeline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The sessions a {@link WebhookLoad}'s events must leave in {@code presence_sessions}, from its own
 * member_added and member_removed events in time order: user {@code user-N} (each join a new user)
 * joined channel {@code presence-bench-C} at its member_added's time_ms and left at its
 * member_removed's, or is still there. {@link #check} compares them with the stored rows.
 */
final class ExpectedSessions {

    private static final long OPEN = Long.MIN_VALUE;

    private int[] channel = new int[1 << 16];
    private long[] joinedMs = new long[1 << 16];
    private long[] leftMs = new long[1 << 16];
    private int users;
    private int open;

    /** What the stored rows showed, against what was expected. */
    record Check(long expected, long expectedOpen, long rows, long open, long matched, long missing, long doubled, long wrong,
                 long extra, List<String> examples) {

        boolean passed() {
            return missing == 0 && doubled == 0 && wrong == 0 && extra == 0 && open == expectedOpen && rows == expected;
        }

        String fields() {
            return String.format(Locale.ROOT, "sessions=%d expected_sessions=%d open_sessions=%d expected_open=%d matched=%d"
                    + " missing=%d doubled=%d wrong=%d extra=%d", rows, expected, open, expectedOpen, matched, missing, doubled,
                    wrong, extra);
        }
    }

    /** A new member of channel {@code channelIndex}: returns its user number. */
    synchronized int join(int channelIndex, long timeMs) {
        if (users == channel.length) {
            channel = Arrays.copyOf(channel, users * 2);
            joinedMs = Arrays.copyOf(joinedMs, users * 2);
            leftMs = Arrays.copyOf(leftMs, users * 2);
        }
        channel[users] = channelIndex;
        joinedMs[users] = timeMs;
        leftMs[users] = OPEN;
        open++;
        return users++;
    }

    synchronized void leave(int user, long timeMs) {
        if (timeMs <= joinedMs[user]) {
            throw new IllegalStateException("user-" + user + " would leave at " + timeMs + ", not after joining at " + joinedMs[user]);
        }
        leftMs[user] = timeMs;
        open--;
    }

    synchronized long count() {
        return users;
    }

    synchronized long openCount() {
        return open;
    }

    static String user(int user) {
        return "user-" + user;
    }

    /**
     * Reads every session of the load's channels (those starting with {@link WebhookLoad#CHANNEL_PREFIX})
     * of {@code appId} and compares it with the expected one of its user: channel, joined_at, left_at.
     */
    synchronized Check check(Connection c, String schema, String appId) throws SQLException {
        BitSet seen = new BitSet(users);
        long rows = 0;
        long openRows = 0;
        long matched = 0;
        long doubled = 0;
        long wrong = 0;
        long extra = 0;
        List<String> examples = new ArrayList<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // PostgreSQL streams a result with a fetch size only inside a transaction
        try (PreparedStatement s = c.prepareStatement("SELECT channel_name, user_id, joined_at, left_at FROM " + schema
                + ".presence_sessions WHERE app_id = ? AND channel_name LIKE ?")) {
            s.setFetchSize(10_000);
            s.setString(1, appId);
            s.setString(2, WebhookLoad.CHANNEL_PREFIX + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    String channelName = rs.getString(1);
                    String userId = rs.getString(2);
                    long joined = millis(rs.getObject(3, OffsetDateTime.class));
                    OffsetDateTime leftAt = rs.getObject(4, OffsetDateTime.class);
                    long left = leftAt == null ? OPEN : millis(leftAt);
                    if (leftAt == null) {
                        openRows++;
                    }
                    int user = userNumber(userId);
                    String row = channelName + " " + userId + " " + joined + ".." + (leftAt == null ? "open" : left);
                    if (user < 0) {
                        extra++;
                        example(examples, "extra " + row);
                    } else if (seen.get(user)) {
                        doubled++;
                        example(examples, "doubled " + row);
                    } else {
                        seen.set(user);
                        if (channelName.equals(WebhookLoad.channel(channel[user])) && joined == joinedMs[user] && left == leftMs[user]) {
                            matched++;
                        } else {
                            wrong++;
                            example(examples, "wrong " + row + ", expected " + expected(user));
                        }
                    }
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
        long missing = users - seen.cardinality();
        for (int u = seen.nextClearBit(0); u < users && examples.size() < 5; u = seen.nextClearBit(u + 1)) {
            example(examples, "missing " + expected(u));
        }
        return new Check(users, open, rows, openRows, matched, missing, doubled, wrong, extra, List.copyOf(examples));
    }

    private String expected(int user) {
        return WebhookLoad.channel(channel[user]) + " " + user(user) + " " + joinedMs[user] + ".."
                + (leftMs[user] == OPEN ? "open" : Long.toString(leftMs[user]));
    }

    /** N of {@code user-N} when it is one of this load's users, else -1. */
    private int userNumber(String userId) {
        if (userId == null || !userId.startsWith("user-")) {
            return -1;
        }
        try {
            long n = Long.parseLong(userId.substring("user-".length()));
            return n >= 0 && n < users && userId.equals(user((int) n)) ? (int) n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long millis(OffsetDateTime at) {
        return at.toInstant().toEpochMilli();
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < 5) {
            examples.add(line);
        }
    }
}
