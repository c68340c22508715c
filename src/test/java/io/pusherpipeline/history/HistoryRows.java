package io.pusherpipeline.history;

import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Rows of channel_events and channel_gaps inserted by SQL, as their writers store them (text escaped). */
final class HistoryRows {

    private final TestDatabase db;
    private final String schema;

    HistoryRows(TestDatabase db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    void event(String app, String channel, long seq, String name, String data, String userId, String socketId,
            String source, Instant at) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO " + schema + ".channel_events"
                + " (app_id, channel_name, seq, event_name, data, user_id, socket_id, source, occurred_at, event_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, StoredText.store(app));
            s.setString(2, StoredText.store(channel));
            s.setLong(3, seq);
            s.setString(4, StoredText.store(name));
            s.setString(5, StoredText.store(data));
            s.setString(6, StoredText.store(userId));
            s.setString(7, StoredText.store(socketId));
            s.setString(8, source);
            s.setObject(9, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            s.setString(10, app + "/" + channel + "/" + seq);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void event(String app, String channel, long seq, Instant at) {
        event(app, channel, seq, "ev-" + seq, "{\"n\":" + seq + "}", null, null, "published", at);
    }

    void gap(String app, Instant started, Instant ended, String reason) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO " + schema + ".channel_gaps"
                + " (app_id, started_at, ended_at, reason) VALUES (?, ?, ?, ?)")) {
            s.setString(1, StoredText.store(app));
            s.setObject(2, OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
            s.setObject(3, ended == null ? null : OffsetDateTime.ofInstant(ended, ZoneOffset.UTC));
            s.setString(4, StoredText.store(reason));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
