package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two snapshots with a member leaving in between: history keeps both, current_channels shows the latest. */
class MembersComeAndGoIT {

    private static final String APP_ID = "4712";
    private static final String KEY = "e2e-key-2";
    private static final String SECRET = "e2e-secret-2";

    @TempDir
    Path workDir;

    @Test
    void aMemberWhoLeftIsGoneFromTheNextSnapshotOnly() throws Exception {
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET);
             PresenceMembers members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET,
                     List.of("presence-room|alice", "presence-room|bob"))) {
            Map<String, String> env = soketi.jarEnvironment();

            JarRun.Result first = JarRun.run(workDir, env, "--once");
            members.leave("presence-room", "bob");
            JarRun.Result second = JarRun.run(workDir, env, "--once");

            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(userIds("SELECT u.user_id FROM pusher_data.channels_channel_users u"
                    + " JOIN pusher_data.pusher_loads l ON l.load_id = u.load_id ORDER BY l.started_at, u.user_id"))
                    .containsExactly("alice", "bob", "alice");
            assertThat(userIds("SELECT CAST(user_count AS VARCHAR) FROM pusher_data.current_channels")).containsExactly("1");
        }
    }

    private List<String> userIds(String sql) throws Exception {
        String url = "jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
