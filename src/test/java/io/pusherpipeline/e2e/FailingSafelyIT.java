package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stops, crashes and outages as a long-running or cron-run jar meets them. */
class FailingSafelyIT {

    // Reset after each test, stopped after the last.
    @RegisterExtension
    static final FakePusher PUSHER = FakePusher.start("88", "safe-key", "safe-secret");

    @TempDir
    Path workDir;

    @Test
    void sigtermDuringASnapshotLetsItFinishThenExits143() throws Exception {
        PUSHER.members("presence-slow", "u1").delay(".*/users", Duration.ofSeconds(3));
        JarRun.Running jar = JarRun.start(workDir, env(), List.of());

        jar.await("a members request", 30, () -> PUSHER.requests().stream().anyMatch(r -> r.endsWith("/users")));
        jar.terminate();
        JarRun.Result result = jar.awaitExit(40);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(143);
        assertThat(result.output()).contains("Stopping", "loaded");
        assertThat(statuses()).containsExactly("loaded");
    }

    @Test
    void sigtermDuringAStuckSnapshotMarksItFailedWithinTheGracePeriod() throws Exception {
        PUSHER.members("presence-stuck", "u1").delay(".*/users", Duration.ofSeconds(120));
        Map<String, String> env = env();
        env.put("PUSHER_HTTP_TIMEOUT", "5m");
        JarRun.Running jar = JarRun.start(workDir, env, List.of());

        jar.await("a members request", 30, () -> PUSHER.requests().stream().anyMatch(r -> r.endsWith("/users")));
        long stopAsked = System.nanoTime();
        jar.terminate();
        JarRun.Result result = jar.awaitExit(60);
        Duration stopping = Duration.ofNanos(System.nanoTime() - stopAsked);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(143);
        assertThat(stopping).as("within Kubernetes' 30 s grace").isLessThan(Duration.ofSeconds(30));
        assertThat(statuses()).as(result.output()).containsExactly("failed");
        assertThat(errors().get(0)).contains("Stopped");
        assertThat(count("apps_channels")).isZero();
    }

    @Test
    void loadsLeftRunningByACrashAreMarkedFailedAtStartUpButAYoungOneIsLeftAlone() throws Exception {
        assertThat(JarRun.run(workDir, env(), "--once").exitCode()).isZero();
        UUID crashed = insertRunning(OffsetDateTime.now(ZoneOffset.UTC).minusHours(2));
        UUID live = insertRunning(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));

        assertThat(JarRun.run(workDir, env(), "--once").exitCode()).isZero();

        assertThat(statusOf(crashed)).isEqualTo("failed");
        assertThat(statusOf(live)).as("younger than pusher.snapshot.timeout: maybe another instance's").isEqualTo("running");
    }

    @Test
    void aSnapshotTooLargeForTheHeapFailsSayingWhatToDoAndTheAppGoesOn() throws Exception {
        // The file sink gathers a load in memory before writing it (a database takes rows as they come).
        for (int i = 0; i < 300_000; i++) {
            PUSHER.channel("private-user-" + i, 1);
        }
        Map<String, String> env = env();
        env.putAll(Map.of("PUSHER_SINK", "file", "PUSHER_SNAPSHOT_PERIOD", "1s"));
        JarRun.Running jar = JarRun.start(workDir, env, List.of("-Xmx48m"));
        try {
            jar.awaitOutput("Out of memory", 120);
            jar.await("the next snapshot", 120, () -> jar.output().split("Snapshot \\S+ of app 88 ", -1).length > 2);

            assertThat(jar.isAlive()).as(jar.output()).isTrue();
            assertThat(jar.output()).contains("java -Xmx", "pusher.snapshot.filter-by-prefix");
        } finally {
            jar.terminate();
            jar.awaitExit(60);
        }
    }

    @Test
    void aLongRunningAppRidesOutAnOutage() throws Exception {
        PUSHER.channel("orders", 1).answer(".*/channels", 2, 503, "maintenance", Map.of());
        Map<String, String> env = env();
        env.put("PUSHER_SNAPSHOT_PERIOD", "300ms");
        env.put("PUSHER_HTTP_RETRIES", "0");
        JarRun.Running jar = JarRun.start(workDir, env, List.of());
        try {
            // Read the H2 file only once the app holds it: a reader that opens it first becomes its
            // server, and one that keeps opening and closing it keeps the app from getting in.
            jar.await("Camel started", 30, () -> jar.output().contains("Started"));
            jar.await("a loaded snapshot", 30, () -> statusesQuietly().contains("loaded"));

            assertThat(jar.process().isAlive()).isTrue();
            List<String> statuses = statuses();
            assertThat(statuses.subList(0, 3)).containsExactly("failed", "failed", "loaded");
            assertThat(errors().get(0)).contains("HTTP 503", "maintenance");
        } finally {
            jar.terminate();
            jar.awaitExit(40);
        }
    }

    private Map<String, String> env() {
        return PUSHER.jarEnvironment();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE");
    }

    private List<String> statuses() throws SQLException {
        return column("SELECT status FROM pusher_data.pusher_loads ORDER BY started_at");
    }

    private List<String> statusesQuietly() {
        try {
            return statuses();
        } catch (SQLException e) {
            return List.of(); // the tables do not exist yet
        }
    }

    private List<String> errors() throws SQLException {
        return column("SELECT error FROM pusher_data.pusher_loads ORDER BY started_at");
    }

    private long count(String table) throws SQLException {
        return Long.parseLong(column("SELECT COUNT(*) FROM pusher_data." + table).get(0));
    }

    private String statusOf(UUID load) throws SQLException {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT status FROM pusher_data.pusher_loads WHERE load_id = ?")) {
            s.setObject(1, load);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private UUID insertRunning(OffsetDateTime startedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO pusher_data.pusher_loads (load_id, app_id, started_at, status) VALUES (?, '88', ?, 'running')")) {
            s.setObject(1, id);
            s.setObject(2, startedAt);
            s.executeUpdate();
        }
        return id;
    }

    private List<String> column(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
