package io.pusherpipeline.storage;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A load's rows into PostgreSQL through {@code COPY ... FROM STDIN}, its bulk load, a few thousand
 * rows per COPY (one connection runs one COPY at a time, and the two tables' rows come mixed),
 * all in the load's transaction.
 */
final class CopyRows implements RowWriter {

    // Characters of COPY text held per table before they are sent: about 10,000 rows.
    private static final int CHUNK_CHARS = 1 << 20;

    private final CopyManager copy;
    private final String channelsSql;
    private final String membersSql;
    private final String loadColumns;
    private final StringBuilder channels = new StringBuilder(CHUNK_CHARS + 1024);
    private final StringBuilder members = new StringBuilder(CHUNK_CHARS + 1024);

    CopyRows(Connection c, String schema, Snapshot snapshot) throws SQLException {
        this.copy = c.unwrap(PGConnection.class).getCopyAPI();
        this.channelsSql = "COPY " + schema + ".apps_channels (load_id, app_id, snapshot_at, channel_name, channel_type,"
                + " subscription_count, user_count) FROM STDIN";
        this.membersSql = "COPY " + schema + ".channels_channel_users (load_id, app_id, snapshot_at, channel_name, user_id) FROM STDIN";
        this.loadColumns = snapshot.loadId() + "\t" + escaped(snapshot.appId()) + "\t" + snapshot.startedAt() + "\t";
    }

    /** Whether {@code c} is pgjdbc's (or a pool's wrapper of it), whose COPY API this uses. */
    static boolean canCopy(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class);
    }

    @Override
    public void add(ChannelState channel) throws SQLException {
        String name = escaped(channel.name());
        channels.append(loadColumns).append(name).append('\t').append(channel.type().label()).append('\t')
                .append(orNull(channel.subscriptionCount())).append('\t').append(orNull(channel.userCount())).append('\n');
        if (channels.length() >= CHUNK_CHARS) {
            send(channelsSql, channels);
        }
        if (channel.userIds() != null) {
            for (String userId : channel.userIds()) {
                members.append(loadColumns).append(name).append('\t').append(escaped(userId)).append('\n');
            }
            if (members.length() >= CHUNK_CHARS) {
                send(membersSql, members);
            }
        }
    }

    @Override
    public void flush() throws SQLException {
        send(channelsSql, channels);
        send(membersSql, members);
    }

    @Override
    public void close() {
        // Nothing is open between two COPYs.
    }

    private void send(String sql, StringBuilder rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            copy.copyIn(sql, new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
        rows.setLength(0);
    }

    private static String orNull(Integer value) {
        return value == null ? "\\N" : value.toString();
    }

    /** COPY's text format: a backslash, tab, newline or carriage return in a value is escaped. */
    static String escaped(String value) {
        if (value.chars().noneMatch(ch -> ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r')) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
