package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --demo} from the built jar in an empty folder (no examples/ beside it), as a newcomer runs it. */
class DemoIT {

    private static final Pattern SESSION_LINE = Pattern.compile(
            "  (\\S+)\\s+(\\S+)\\s+(\\d\\d:\\d\\d:\\d\\d\\.\\d{3})\\s+(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}|still there)\\s+(.+)");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @TempDir
    Path workDir;

    @Test
    void threeSimulatedSnapshotsLoadAndTheReportShowsWhatLanded() throws Exception {
        // Settings a user may have for a real app must not send the demo anywhere but the simulator.
        Map<String, String> realApp = Map.of("PUSHER_HOST", "api-eu.pusher.com", "PUSHER_SCHEME", "https",
                "PUSHER_APP_ID", "123", "PUSHER_APP_KEY", "real-key", "PUSHER_APP_SECRET", "real-secret",
                "PUSHER_JDBC_URL", "jdbc:postgresql://db.invalid/prod");

        JarRun.Result run = JarRun.run(workDir, realApp, "--demo");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SIMULATED", "at http://127.0.0.1:", "current_channels",
                "presence-room;floor=2@hq,west.wing", "org.h2.tools.Shell")
                .doesNotContain("api-eu.pusher.com", "db.invalid");
        assertThat(run.output().lines().filter(l -> l.contains("of app simulated-demo loaded"))).hasSize(3);
        assertThat(column("SELECT status FROM pusher_data.pusher_loads")).containsExactly("loaded", "loaded", "loaded");
        assertThat(column("SELECT user_id FROM pusher_data.channels_channel_users u JOIN pusher_data.pusher_loads l"
                + " ON l.load_id = u.load_id WHERE channel_name = 'presence-lobby' ORDER BY l.started_at, user_id"))
                .as("members came and went between snapshots")
                .containsExactly("alice", "bob", "carol", "alice", "carol", "dave", "carol", "dave", "erin", "frank");
        assertThat(workDir.resolve("data/demo-events/.done/01-order-created.json")).exists();
        assertThat(workDir.resolve("data/demo-events/.done/02-lobby.json")).exists();
        assertThat(workDir.resolve("data/demo-events/.error/03-invalid.json.reason.txt")).content()
                .contains("event 0, name", "no spaces allowed", "\"private-encrypted-vault\" is end-to-end encrypted and no master key is set");
        assertThat(run.output()).contains("which received 4 events");
        assertThat(column("SELECT event_name FROM pusher_data.apps_events ORDER BY event_name"))
                .containsExactly("announcement", "headline", "order-created", "price-update");
        assertThat(column("SELECT DISTINCT channel_type FROM pusher_data.apps_channels ORDER BY channel_type")).containsExactly(
                "cache", "presence", "presence-cache", "private", "private-cache", "private-encrypted",
                "private-encrypted-cache", "public", "server-to-user");
        assertSessionsPrintedAreTheStoredOnes(run.output());
    }

    /** The simulator's signed webhooks went through the jar's receiver: the report prints presence_sessions as stored. */
    private void assertSessionsPrintedAreTheStoredOnes(String output) throws Exception {
        List<String> report = output.lines().dropWhile(l -> !l.startsWith("Presence sessions from the SIMULATED webhooks"))
                .skip(3).takeWhile(l -> !l.isBlank()).toList();
        List<String> printed = new ArrayList<>();
        Map<String, String> seenBy = new HashMap<>();
        for (String line : report) {
            Matcher m = SESSION_LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            printed.add(String.join(" ", m.group(1), m.group(2), m.group(3), m.group(4)));
            seenBy.put(m.group(1) + " " + m.group(2), m.group(5));
        }
        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data/demo"));
             ResultSet rs = c.createStatement().executeQuery("SELECT channel_name, user_id, joined_at, left_at"
                     + " FROM pusher_data.presence_sessions ORDER BY channel_name, joined_at, user_id")) {
            while (rs.next()) {
                OffsetDateTime left = rs.getObject(4, OffsetDateTime.class);
                stored.add(String.join(" ", rs.getString(1), rs.getString(2), TIME.format(rs.getObject(3, OffsetDateTime.class)),
                        left == null ? "still there" : TIME.format(left)));
            }
        }
        assertThat(printed).as("the sessions printed").isEqualTo(stored).hasSize(14);
        assertThat(column("SELECT DISTINCT joined_by FROM pusher_data.presence_sessions")).containsExactly("webhook");
        assertThat(seenBy).containsEntry("presence-lobby alice", "1 2").containsEntry("presence-lobby carol", "1 2 3")
                .containsEntry("presence-lobby oscar", "none: only the webhooks saw this stay")
                .containsEntry("presence-cache-game-42 peggy", "none: only the webhooks saw this stay");
        assertThat(column("SELECT user_id FROM pusher_data.channels_channel_users WHERE user_id IN ('oscar', 'peggy')"))
                .as("the visitors between two snapshots").isEmpty();
        assertThat(column("SELECT COALESCE(vacated_by, 'still occupied') FROM pusher_data.channel_occupancy"
                + " WHERE channel_name = 'presence-cache-game-42' ORDER BY occupied_at"))
                .as("judy left it empty, peggy occupied and vacated it, judy and mallory came").containsExactly(
                        "webhook", "webhook", "still occupied");
    }

    private List<String> column(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data/demo"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
