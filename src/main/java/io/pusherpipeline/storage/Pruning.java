package io.pusherpipeline.storage;

import io.pusherpipeline.snapshot.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Deletes what the write disposition and the retention say to, inside the transaction that
 * stores a load, so a reader sees the old rows or the new ones, never both nor neither.
 * The load being stored is never deleted: it is the app's latest snapshot.
 */
final class Pruning {

    private final String schema;
    private final WriteDisposition disposition;
    private final Optional<Duration> retention;

    Pruning(String schema, WriteDisposition disposition, Optional<Duration> retention) {
        this.schema = SchemaScript.checkedSchema(schema);
        this.disposition = disposition;
        this.retention = retention;
    }

    void apply(Connection c, Snapshot loaded) throws SQLException {
        if (disposition == WriteDisposition.REPLACE) {
            for (String table : new String[] {"channels_channel_users", "apps_channels"}) {
                update(c, "DELETE FROM " + schema + "." + table + " WHERE app_id = ? AND load_id <> ?",
                        loaded.appId(), loaded.loadId());
            }
            // Their member lists are gone, so they no longer tell the webhook history anything.
            update(c, "UPDATE " + schema + ".pusher_loads SET members_prefix = NULL WHERE app_id = ? AND load_id <> ?"
                    + " AND members_prefix IS NOT NULL", loaded.appId(), loaded.loadId());
        }
        if (retention.isPresent()) {
            OffsetDateTime before = loaded.startedAt().minus(retention.get());
            String old = "SELECT load_id FROM " + schema + ".pusher_loads WHERE app_id = ? AND started_at < ? AND load_id <> ?";
            for (String table : new String[] {"channels_channel_users", "apps_channels"}) {
                update(c, "DELETE FROM " + schema + "." + table + " WHERE load_id IN (" + old + ")",
                        loaded.appId(), before, loaded.loadId());
            }
            update(c, "DELETE FROM " + schema + ".pusher_loads WHERE app_id = ? AND started_at < ? AND load_id <> ?",
                    loaded.appId(), before, loaded.loadId());
        }
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
