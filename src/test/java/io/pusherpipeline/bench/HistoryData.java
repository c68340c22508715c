package io.pusherpipeline.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.storage.CopyText;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.Tables;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The history case's rows: the jar's own tables ({@link Tables#create}, as the jar makes them), then
 * {@code channels} channels of {@code events} events each in {@code channel_events} (every tenth
 * channel private, the rest public; source 'published', seq 1..N, a JSON text of about 140 bytes, the
 * event of seq n at {@link #BASE} + n seconds) and two gaps in {@code channel_gaps}, written with COPY
 * on PostgreSQL and JDBC batches elsewhere. Also what a page must hold, to check the answers.
 */
final class HistoryData {

    static final Instant BASE = Instant.parse("2026-12-01T00:00:00Z");
    static final String SOCKET_ID = "1234.5678";
    /** The two gaps, in seconds after {@link #BASE}: [start, end]. */
    static final long[][] GAPS = {{200, 230}, {600, 610}};

    final int channels;
    final int events;

    HistoryData(int channels, int events) {
        if (channels < 1 || events < 101) {
            throw new IllegalArgumentException("Parameter [history-events] must be over 100 and [history-channels] at least 1"
                    + " (every page asked holds 100 events)");
        }
        this.channels = channels;
        this.events = events;
    }

    static String channel(int i) {
        return (i % 10 == 0 ? "private-room-" : "public-room-") + i;
    }

    static boolean isPrivate(String channel) {
        return channel.startsWith("private-");
    }

    /** The auth the app's authorizer gives {@link #SOCKET_ID} for a private channel (docs/history.md). */
    static String auth(String channel) {
        return BenchPusher.KEY + ":" + WebhookSignature.sign(BenchPusher.SECRET,
                (SOCKET_ID + ":" + channel).getBytes(StandardCharsets.UTF_8));
    }

    static Instant occurredAt(long seq) {
        return BASE.plusSeconds(seq);
    }

    /** How many gaps a page of {@code limit} events after {@code after} overlaps, by HistoryReader's rule (docs/history.md). */
    long expectedGaps(long after, int limit) {
        boolean last = after + limit >= events;
        long from = after == 0 ? Long.MIN_VALUE : after;
        long to = last ? Long.MAX_VALUE : after + limit;
        int n = 0;
        for (long[] gap : GAPS) {
            if (gap[1] >= from && gap[0] <= to) {
                n++;
            }
        }
        return n;
    }

    /** Creates the tables in {@code schema} and fills them; returns the seconds it took. */
    double fill(String url, String user, String password, String schema) throws SQLException {
        long start = System.nanoTime();
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(url);
            ds.setUsername(user.isEmpty() ? null : user);
            ds.setPassword(password.isEmpty() ? null : password);
            ds.setMaximumPoolSize(1);
            Tables.create(ds, schema, "the history bench's database");
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                boolean copy = Destination.dialectOf(url) == Destination.Dialect.POSTGRES;
                String columns = "app_id, channel_name, seq, event_name, data, user_id, socket_id, source, occurred_at, event_key";
                for (int from = 0; from < channels; from += 20) {
                    int to = Math.min(channels, from + 20);
                    if (copy) {
                        CopyText text = new CopyText();
                        for (int i = from; i < to; i++) {
                            for (long seq = 1; seq <= events; seq++) {
                                for (Object v : row(i, seq)) {
                                    text.add(v);
                                }
                                text.endRow();
                            }
                        }
                        text.copyInto(c, schema + ".channel_events", columns);
                    } else {
                        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema + ".channel_events (" + columns
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                            for (int i = from; i < to; i++) {
                                for (long seq = 1; seq <= events; seq++) {
                                    List<Object> row = row(i, seq);
                                    for (int k = 0; k < row.size(); k++) {
                                        s.setObject(k + 1, row.get(k));
                                    }
                                    s.addBatch();
                                }
                                s.executeBatch();
                            }
                        }
                    }
                    c.commit();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema
                        + ".channel_gaps (app_id, started_at, ended_at, reason) VALUES (?, ?, ?, ?)")) {
                    for (long[] gap : GAPS) {
                        s.setString(1, BenchPusher.APP_ID);
                        s.setObject(2, OffsetDateTime.ofInstant(occurredAt(gap[0]), ZoneOffset.UTC));
                        s.setObject(3, OffsetDateTime.ofInstant(occurredAt(gap[1]), ZoneOffset.UTC));
                        s.setString(4, "bench: the archiver was not connected");
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
                if (copy) {
                    c.setAutoCommit(true);
                    try (var s = c.createStatement()) {
                        s.execute("ANALYZE " + schema + ".channel_events");
                    }
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** One row, in the order of the columns; a published event's data of about 140 bytes. */
    private static List<Object> row(int channel, long seq) {
        String data = "{\"user\":\"user-" + (seq * 7919 % 500) + "\",\"text\":\"message " + seq + " in room " + channel
                + ": the quick brown fox jumps over the lazy dog\",\"sent_at\":\"" + occurredAt(seq) + "\",\"n\":" + seq + "}";
        return List.of(BenchPusher.APP_ID, channel(channel), seq, "message", data, "user-" + (seq * 7919 % 500), SOCKET_ID,
                "published", OffsetDateTime.ofInstant(occurredAt(seq), ZoneOffset.UTC), "bench-" + channel + "-" + seq);
    }
}
