package io.pusherpipeline.storage;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * A load's rows into PostgreSQL through {@code COPY ... FROM STDIN}, its bulk load, in the load's
 * transaction. A connection runs one COPY at a time and the two tables' rows come mixed: one
 * table's COPY stays open and takes its rows as they come, while the other's are held until there
 * are about 10,000, when the COPY switches to that table.
 */
final class CopyRows implements RowWriter {

    // Characters written to the open COPY at a time, and held for the other table before it switches.
    private static final int PIECE_CHARS = 64 * 1024;
    private static final int HELD_CHARS = 1 << 20;

    /** One table's COPY statement, its rows not yet sent and its COPY while open. */
    private static final class Table {
        final String sql;
        final StringBuilder rows = new StringBuilder(HELD_CHARS + 1024);
        CopyIn open;

        Table(String sql) {
            this.sql = sql;
        }
    }

    private final CopyManager copy;
    private final Table channels;
    private final Table members;
    private final String loadColumns;
    private Table streaming;

    CopyRows(Connection c, String schema, Snapshot snapshot) throws SQLException {
        this.copy = c.unwrap(PGConnection.class).getCopyAPI();
        this.channels = new Table("COPY " + schema + ".apps_channels (load_id, app_id, snapshot_at, channel_name, channel_type,"
                + " subscription_count, user_count) FROM STDIN");
        this.members = new Table("COPY " + schema + ".channels_channel_users (load_id, app_id, snapshot_at, channel_name, user_id)"
                + " FROM STDIN");
        this.loadColumns = snapshot.loadId() + "\t" + CopyText.escape(new StringBuilder(), snapshot.appId()) + "\t" + snapshot.startedAt() + "\t";
    }

    @Override
    public void add(ChannelState channel) throws SQLException {
        StringBuilder row = channels.rows.append(loadColumns);
        CopyText.escape(row, channel.name()).append('\t').append(channel.type().label()).append('\t');
        orNull(row, channel.subscriptionCount()).append('\t');
        orNull(row, channel.userCount()).append('\n');
        added(channels);
        if (channel.userIds() != null) {
            for (String userId : channel.userIds()) {
                CopyText.escape(CopyText.escape(members.rows.append(loadColumns), channel.name()).append('\t'), userId).append('\n');
            }
            added(members);
        }
    }

    @Override
    public void flush() throws SQLException {
        Table other = streaming == channels ? members : channels;
        end();
        if (!other.rows.isEmpty()) {
            switchTo(other);
            end();
        }
    }

    /** After a failure, a COPY still open is cancelled, so that the transaction can roll back. */
    @Override
    public void close() throws SQLException {
        if (streaming != null && streaming.open.isActive()) {
            streaming.open.cancelCopy();
        }
    }

    private void added(Table table) throws SQLException {
        if (streaming == null || table != streaming && table.rows.length() >= HELD_CHARS) {
            switchTo(table);
        } else if (table == streaming && table.rows.length() >= PIECE_CHARS) {
            send(table);
        }
    }

    private void switchTo(Table table) throws SQLException {
        end();
        table.open = copy.copyIn(table.sql);
        streaming = table;
        send(table);
    }

    private void end() throws SQLException {
        if (streaming != null) {
            send(streaming);
            streaming.open.endCopy();
            streaming = null;
        }
    }

    private static void send(Table table) throws SQLException {
        byte[] bytes = table.rows.toString().getBytes(StandardCharsets.UTF_8);
        table.open.writeToCopy(bytes, 0, bytes.length);
        table.rows.setLength(0);
    }

    private static StringBuilder orNull(StringBuilder row, Integer value) {
        return value == null ? row.append("\\N") : row.append(value.intValue());
    }
}
