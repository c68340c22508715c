package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, run with {@code --once} against soketi (a real Pusher-compatible server) while
 * real pusher-js clients hold presence memberships; the rows are read back from the H2 file.
 */
class SnapshotAgainstSoketiIT {

    private static final String APP_ID = "4711";
    private static final String KEY = "e2e-key";
    private static final String SECRET = "e2e-secret-canary-7f3a";
    private static final String ODD = "presence-a;b@c,d=e.f_g-h";

    static Soketi soketi;
    static PresenceMembers members;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startSoketiWithMembers() {
        soketi = Soketi.start(APP_ID, KEY, SECRET);
        members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET, List.of(
                "presence-room-1|alice", "presence-room-1|bob", ODD + "|user;1@x",
                "presence-cache-room|dave", "private-x|alice", "public-1|carol"));
    }

    @AfterAll
    static void stop() {
        if (members != null) {
            members.close();
        }
        if (soketi != null) {
            soketi.close();
        }
    }

    @Test
    void onceLoadsChannelsAndPresenceMembersIntoH2() throws Exception {
        JarRun.Result run = JarRun.run(workDir, env(SECRET), "--once");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("Snapshot \\w{8} of app 4711 loaded in [0-9.]+ s: 5 channels \\(3 presence, 4 members\\), 4 requests")
                .doesNotContain(SECRET);
        assertThat(rows("SELECT channel_name, channel_type, subscription_count, user_count FROM pusher_data.apps_channels ORDER BY channel_name"))
                .containsExactly(
                        row(ODD, "presence", 1, 1),
                        row("presence-cache-room", "presence-cache", 1, 1),
                        row("presence-room-1", "presence", 2, 2),
                        row("private-x", "private", 1, null),
                        row("public-1", "public", 1, null));
        assertThat(rows("SELECT channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY channel_name, user_id"))
                .containsExactly(row(ODD, "user;1@x"), row("presence-cache-room", "dave"),
                        row("presence-room-1", "alice"), row("presence-room-1", "bob"));
        assertThat(rows("SELECT status, channel_count, user_count, request_count FROM pusher_data.pusher_loads"))
                .containsExactly(row("loaded", 5, 4, 4));
    }

    @Test
    void aWrongSecretFailsWithExitOneAndSaysWhatToCheck() throws Exception {
        JarRun.Result run = JarRun.run(workDir, env("not-the-secret-canary"), "--once");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("HTTP 401", "pusher.app-secret", "600 s").doesNotContain("not-the-secret-canary");
        assertThat(rows("SELECT status FROM pusher_data.pusher_loads")).containsExactly(row("failed"));
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_channels")).containsExactly(row(0L));
    }

    private Map<String, String> env(String secret) {
        Map<String, String> env = soketi.jarEnvironment();
        env.put("PUSHER_APP_SECRET", secret);
        return env;
    }

    private List<List<Object>> rows(String sql) throws SQLException {
        assertThat(Files.exists(workDir.resolve("data/pusher.mv.db"))).as("the default H2 file").isTrue();
        String url = "jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
