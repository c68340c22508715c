package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar pusher-pipeline.jar show}: what is stored, read without credentials, requests or writes. */
class ShowIT {

    // Reset after each test, stopped after the last.
    @RegisterExtension
    static final FakePusher PUSHER = FakePusher.start("91", "show-key", "show-secret");

    @TempDir
    Path workDir;

    @Test
    void beforeAnySnapshotItSaysSoAndCreatesNoDatabase() {
        JarRun.Result run = JarRun.run(workDir, Map.of(), "show");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("jdbc:h2:file:./data/pusher", "no database yet");
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void listsTheLoadsWithStatusAndCountsTheRowsAndTheSchemaWithoutCredentialsOrRequests() {
        PUSHER.channel("orders", 2).members("presence-room", "alice", "bob");
        assertThat(JarRun.run(workDir, env(), "--once").exitCode()).isZero();
        PUSHER.answer("/apps/91/channels", 403, "over quota");
        assertThat(JarRun.run(workDir, env(), "--once").exitCode()).isEqualTo(1);
        int requests = PUSHER.requests().size();

        JarRun.Result run = JarRun.run(workDir, Map.of(), "show");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("schema version 3", "Latest loads (UTC, newest first):");
        List<String> lines = run.output().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("started_at")).findFirst().orElseThrow());
        assertThat(lines.get(header + 1)).contains("91", "failed", "HTTP 403");
        assertThat(lines.get(header + 2).split("\\s+")).containsSubsequence("91", "loaded", "2", "2", "2");
        assertThat(run.output()).containsPattern("pusher_loads\\s+2\\b")
                .containsPattern("apps_channels\\s+2\\b")
                .containsPattern("channels_channel_users\\s+2\\b");
        assertThat(PUSHER.requests()).hasSize(requests);
    }

    @Test
    void whileTheAppRunsItReadsThroughTheApp() {
        PUSHER.members("presence-room", "alice");
        Map<String, String> env = env();
        env.put("PUSHER_SNAPSHOT_PERIOD", "500ms");
        JarRun.Running app = JarRun.start(workDir, env, List.of());
        try {
            app.awaitOutput("loaded", 30);

            JarRun.Result run = JarRun.run(workDir, Map.of(), "show");

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("loaded", "schema version 3");
            assertThat(app.process().isAlive()).isTrue();
        } finally {
            app.terminate();
            app.awaitExit(40);
        }
    }

    @Test
    void anUnreachableDatabaseIsOneMessageAndExit2() {
        JarRun.Result run = JarRun.run(workDir, Map.of("PUSHER_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/pusher"), "show");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("Cannot read jdbc:postgresql://127.0.0.1:1/pusher", "Check pusher.jdbc.url")
                .doesNotContain("Exception");
    }

    @Test
    void theFileSinkSaysWhereTheLoadsAre() throws Exception {
        Files.createDirectories(workDir.resolve("data/export/x"));
        Files.writeString(workDir.resolve("data/export/x/pusher_loads.jsonl"), "{}\n");

        JarRun.Result run = JarRun.run(workDir, Map.of("PUSHER_SINK", "file"), "show");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("1 loads, one folder each", "read_json_auto");
    }

    private static Map<String, String> env() {
        return PUSHER.jarEnvironment();
    }
}
