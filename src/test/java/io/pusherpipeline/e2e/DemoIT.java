package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --demo} from the built jar in an empty folder (no examples/ beside it), as a newcomer runs it. */
class DemoIT {

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
                .contains("event 0, name", "no spaces allowed", "not supported yet");
        assertThat(run.output()).contains("which received 4 events");
        assertThat(column("SELECT event_name FROM pusher_data.apps_events ORDER BY event_name"))
                .containsExactly("announcement", "headline", "order-created", "price-update");
        assertThat(column("SELECT DISTINCT channel_type FROM pusher_data.apps_channels ORDER BY channel_type")).containsExactly(
                "cache", "presence", "presence-cache", "private", "private-cache", "private-encrypted",
                "private-encrypted-cache", "public", "server-to-user");
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
