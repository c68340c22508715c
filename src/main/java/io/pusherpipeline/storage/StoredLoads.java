package io.pusherpipeline.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what is stored, without writing anything: the schema version, the latest loads, the rows per table. */
public final class StoredLoads {

    /** The tables {@code show} and the dashboard count, in the order they print them, with the schema version that added each. */
    private static final Map<String, Integer> TABLES = tables();

    /** One row of {@code pusher_loads}. */
    public record Load(OffsetDateTime startedAt, OffsetDateTime finishedAt, String appId, String status,
                       Integer channelCount, Integer userCount, Integer requestCount, String error) {
    }

    /** Everything {@code show} prints; a schema version of 0 means there are no tables yet. */
    public record Report(int schemaVersion, List<Load> latest, Map<String, Long> rowsPerTable) {
    }

    /** The schema version this build writes, for telling a reader that the tables are newer. */
    public static final int WRITTEN_VERSION = SchemaVersion.CURRENT;

    private StoredLoads() {
    }

    public static Report read(Connection c, String schema, int latest) throws SQLException {
        String checked = SchemaScript.checkedSchema(schema);
        int version = SchemaVersion.found(c, checked);
        if (version == 0) {
            return new Report(0, List.of(), Map.of());
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : TABLES.keySet().stream().filter(t -> TABLES.get(t) <= version).toList()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + checked + "." + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        }
        return new Report(version, latestLoads(c, checked, latest), rows);
    }

    private static Map<String, Integer> tables() {
        Map<String, Integer> tables = new LinkedHashMap<>();
        for (String table : List.of("pusher_loads", "apps_channels", "channels_channel_users")) {
            tables.put(table, 1);
        }
        for (String table : List.of("webhook_events", "presence_sessions", "channel_occupancy")) {
            tables.put(table, 3);
        }
        tables.put("webhook_rejects", 4);
        tables.put("channel_events", 5);
        return Collections.unmodifiableMap(tables);
    }

    private static List<Load> latestLoads(Connection c, String schema, int limit) throws SQLException {
        String sql = "SELECT started_at, finished_at, app_id, status, channel_count, user_count, request_count, error"
                + " FROM " + schema + ".pusher_loads ORDER BY started_at DESC LIMIT " + limit;
        List<Load> loads = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                loads.add(new Load(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3), rs.getString(4), integer(rs, 5), integer(rs, 6), integer(rs, 7), rs.getString(8)));
            }
        }
        return loads;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Math.toIntExact(value);
    }
}
