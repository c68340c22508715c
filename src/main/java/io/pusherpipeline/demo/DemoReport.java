package io.pusherpipeline.demo;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the demo's snapshots and webhooks left in the database, printed as three short tables and the SQL to go further. */
public final class DemoReport {

    private final String jdbcUrl;

    public DemoReport(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** {@code since}: when this demo started; the sessions of earlier demos are not shown. */
    public void print(List<UUID> loads, Instant since, PrintStream out) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            out.println();
            out.println("SIMULATED DATA from --demo (no Pusher account was used) in " + jdbcUrl);
            out.println();
            out.println("Now, in the view pusher_data.current_channels:");
            out.printf("  %-36s %-24s %11s %8s%n", "channel_name", "channel_type", "subscribers", "members");
            try (PreparedStatement s = c.prepareStatement("SELECT channel_name, channel_type, subscription_count, user_count"
                    + " FROM pusher_data.current_channels WHERE app_id = ? ORDER BY channel_type, channel_name")) {
                s.setString(1, SimulatedPusher.APP_ID);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.printf("  %-36s %-24s %11s %8s%n", rs.getString(1), rs.getString(2),
                                blankIfNull(rs.getObject(3)), blankIfNull(rs.getObject(4)));
                    }
                }
            }
            out.println();
            out.println("Members of the presence channels, snapshot by snapshot:");
            Map<String, List<String>> counts = memberCounts(c, loads);
            out.printf("  %-36s %s%n", "channel_name", headers(loads.size()));
            counts.forEach((channel, row) -> out.printf("  %-36s %s%n", channel, String.join("", row)));
            out.println();
            DemoSessions.print(c, loads, since, out);
            out.println();
            out.println("Explore further (H2's shell; the same SQL works on PostgreSQL and DuckDB):");
            out.println("  java -cp target/lib/h2-2.4.240.jar org.h2.tools.Shell -url \"" + jdbcUrl + "\"");
            out.println("  SELECT * FROM pusher_data.apps_channels LIMIT 10;");
            out.println("  SELECT snapshot_at, channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY snapshot_at;");
            out.println("  SELECT started_at, status, channel_count, user_count, request_count FROM pusher_data.pusher_loads;");
            out.println("  SELECT channel_name, user_id, joined_at, left_at, joined_by, left_by FROM pusher_data.presence_sessions ORDER BY joined_at;");
            out.println("  SELECT channel_name, occupied_at, vacated_at FROM pusher_data.channel_occupancy ORDER BY occupied_at;");
        }
    }

    private static Map<String, List<String>> memberCounts(Connection c, List<UUID> loads) throws SQLException {
        Map<String, List<String>> counts = new LinkedHashMap<>();
        for (int i = 0; i < loads.size(); i++) {
            try (PreparedStatement s = c.prepareStatement("SELECT channel_name, user_count FROM pusher_data.apps_channels"
                    + " WHERE load_id = ? AND channel_type IN ('presence', 'presence-cache') ORDER BY channel_name")) {
                s.setObject(1, loads.get(i));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        List<String> row = counts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>(blanks(loads.size())));
                        row.set(i, String.format("%12s", rs.getInt(2)));
                    }
                }
            }
        }
        return counts;
    }

    private static List<String> blanks(int n) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            row.add(String.format("%12s", "(empty)"));
        }
        return row;
    }

    private static String headers(int n) {
        StringBuilder header = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            header.append(String.format("%12s", "snapshot " + i));
        }
        return header.toString();
    }

    private static String blankIfNull(Object value) {
        return value == null ? "" : value.toString();
    }
}
