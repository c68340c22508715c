package io.pusherpipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's own bulk-loading limit for a case's rows: the same apps_channels and
 * channels_channel_users rows the pipeline writes, sent by {@code COPY ... FROM STDIN} (pgjdbc's
 * CopyManager, one COPY per table, streamed in 64 KB pieces) into copies of the pipeline's own
 * tables (indexes included), in one transaction; timed from the first row to the commit. The rows
 * go in the order given: the order of Pusher's channel list, as the pipeline must write them, costs
 * PostgreSQL's primary-key index more than rows made in name order.
 */
final class CopyFloor {

    private static final int PIECE = 64 * 1024;

    private CopyFloor() {
    }

    /**
     * Seconds from the first row to the commit (member rows only with {@code memberRows}) of the last
     * of {@code loads} loads into the same tables: with 2, a warm JVM writing beside a load already
     * there, as a long-running app's second snapshot does. The floor's schema is dropped afterwards.
     */
    static double run(String url, String user, String password, String pipelineSchema, List<String> channels, int members,
                      boolean memberRows, int loads)
            throws SQLException, IOException {
        String schema = pipelineSchema + "_copy";
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            for (String table : new String[] {"apps_channels", "channels_channel_users"}) {
                s.execute("CREATE TABLE " + schema + "." + table + " (LIKE " + pipelineSchema + "." + table + " INCLUDING ALL)");
            }
            c.setAutoCommit(false);
            double seconds = 0;
            for (int i = 0; i < loads; i++) {
                seconds = load(c, schema, channels, members, memberRows);
            }
            c.setAutoCommit(true);
            s.execute("DROP SCHEMA " + schema + " CASCADE");
            return seconds;
        }
    }

    private static double load(Connection c, String schema, List<String> channels, int members, boolean memberRows)
            throws SQLException {
        String load = UUID.randomUUID() + "\t" + BenchPusher.APP_ID + "\t"
                + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS) + "\t";
        long start = System.nanoTime();
        CopyIn channelRows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + ".apps_channels"
                + " (load_id, app_id, snapshot_at, channel_name, channel_type, subscription_count, user_count) FROM STDIN");
        Pieces pieces = new Pieces(channelRows);
        for (String channel : channels) {
            pieces.add(isPresence(channel) ? load + channel + "\tpresence\t" + members + "\t" + members + "\n"
                    : load + channel + "\tpublic\t3\t\\N\n");
        }
        pieces.end();
        CopyIn memberCopy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + ".channels_channel_users"
                + " (load_id, app_id, snapshot_at, channel_name, user_id) FROM STDIN");
        pieces = new Pieces(memberCopy);
        for (String channel : memberRows ? channels : List.<String>of()) {
            for (int m = 0; isPresence(channel) && m < members; m++) {
                pieces.add(load + channel + "\t" + BenchPusher.memberId(channel, m) + "\n");
            }
        }
        pieces.end();
        c.commit();
        return (System.nanoTime() - start) / 1e9;
    }

    private static boolean isPresence(String channel) {
        return channel.startsWith("presence-");
    }

    /** Rows gathered into pieces of about 64 KB, each one write to the COPY. */
    private static final class Pieces {
        private final CopyIn copy;
        private final StringBuilder piece = new StringBuilder(PIECE + 256);

        Pieces(CopyIn copy) {
            this.copy = copy;
        }

        void add(String row) throws SQLException {
            piece.append(row);
            if (piece.length() >= PIECE) {
                flush();
            }
        }

        void end() throws SQLException {
            flush();
            copy.endCopy();
        }

        private void flush() throws SQLException {
            byte[] bytes = piece.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            piece.setLength(0);
        }
    }
}
