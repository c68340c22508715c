package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The jar's command line and configuration errors: exit codes and messages, and no request sent. */
class CommandLineIT {

    private static final FakePusher PUSHER = FakePusher.start("77", "cli-key", "cli-secret");

    @TempDir
    Path workDir;

    @AfterAll
    static void stop() {
        PUSHER.close();
    }

    @Test
    void missingCredentialsNameTheVariablesAndExit2WithoutARequest() {
        Map<String, String> env = env();
        env.remove("PUSHER_APP_KEY");
        env.remove("PUSHER_APP_SECRET");
        PUSHER.reset();

        JarRun.Result run = JarRun.run(workDir, env, "--once");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("PUSHER_APP_ID, PUSHER_APP_KEY and PUSHER_APP_SECRET",
                "pusher.app-key", "pusher.app-secret");
        assertThat(PUSHER.requests()).isEmpty();
    }

    @Test
    void anUnknownArgumentPrintsTheUsageAndExits2() {
        JarRun.Result run = JarRun.run(workDir, env(), "--onse");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("Unknown argument: --onse", "Usage: java -jar");
    }

    @Test
    void showWithOnceIsRefusedWithTheUsageAndExit2() {
        JarRun.Result run = JarRun.run(workDir, env(), "show", "--once");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("show and --once do not go together", "Usage: java -jar");
    }

    @Test
    void helpPrintsTheUsageAndExits0() {
        JarRun.Result run = JarRun.run(workDir, env(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("--once", "show");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "PUSHER_SINK | kafka | Unknown sink pusher.sink=kafka",
        "PUSHER_SNAPSHOT_PERIOD | every minute | pusher.snapshot.period=every minute is not a duration",
        "PUSHER_JDBC_URL | postgres://localhost/db | is not a JDBC URL",
        "PUSHER_JDBC_URL | jdbc:nosuchdb:x | No JDBC driver accepts pusher.jdbc.url=jdbc:nosuchdb:x",
        "PUSHER_JDBC_URL | jdbc:postgresql://127.0.0.1:1/pusher | Cannot create the tables",
        "PUSHER_HTTP_CONCURRENCY | 0 | pusher.http.concurrency=0 must be 1 or more",
    })
    void badConfigurationIsOneClearMessageAndExit2WithoutARequest(String variable, String value, String message) {
        Map<String, String> env = env();
        env.put(variable, value);
        PUSHER.reset();

        JarRun.Result run = JarRun.run(workDir, env, "--once");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains(message).doesNotContain("Exception");
        assertThat(PUSHER.requests()).isEmpty();
    }

    @Test
    void onceAgainstAWorkingServerExits0() {
        PUSHER.reset();
        PUSHER.members("presence-x", "u1");

        JarRun.Result run = JarRun.run(workDir, env(), "--once");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("loaded", "1 channels (1 presence, 1 members), 2 requests");
    }

    @Test
    void theOnceSettingWithoutTheFlagAlsoTakesOneSnapshotAndExits() {
        PUSHER.reset();
        PUSHER.members("presence-x", "u1");
        Map<String, String> env = env();
        env.put("PUSHER_SNAPSHOT_ONCE", "true");

        JarRun.Result run = JarRun.run(workDir, env);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("one snapshot", "1 channels (1 presence, 1 members), 2 requests");
    }

    @Test
    void onceTakesTheSnapshotAndLeavesTheEventsInboxAlone() throws Exception {
        PUSHER.reset();
        PUSHER.members("presence-x", "u1");
        // Long enough for an inbox to take the file (1 s to settle, polled every 0.5 s) had it started.
        PUSHER.delay(".*/users", java.time.Duration.ofSeconds(3));
        Path inbox = java.nio.file.Files.createDirectories(workDir.resolve("events"));
        Path event = java.nio.file.Files.writeString(inbox.resolve("order.json"),
                "{\"channel\": \"orders\", \"name\": \"created\", \"data\": \"{}\"}");

        JarRun.Result run = JarRun.run(workDir, env(), "--once");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(event).as("--once publishes nothing: the file waits for a run without --once").exists();
        assertThat(PUSHER.delivered()).isEmpty();
        assertThat(PUSHER.requests()).noneMatch(request -> request.contains("/events"));
    }

    @Test
    void laterSourcesWinTheJarsDefaultsThenTheFileThenEnvironmentThenJvmOptions() throws Exception {
        PUSHER.reset();
        java.nio.file.Files.writeString(workDir.resolve("application.properties"), "pusher.jdbc.schema = from_file\n");
        Map<String, String> withEnv = env();
        withEnv.put("PUSHER_JDBC_SCHEMA", "from_env");

        String fromFile = JarRun.run(workDir, env(), "--once").output();
        String fromEnv = JarRun.run(workDir, withEnv, "--once").output();
        String fromJvm = JarRun.start(workDir, withEnv, java.util.List.of("-Dpusher.jdbc.schema=from_jvm"), "--once")
                .awaitExit(120).output();
        java.nio.file.Files.delete(workDir.resolve("application.properties"));
        String fromJar = JarRun.run(workDir, env(), "--once").output();

        assertThat(fromJar).contains("(pusher_data)");
        assertThat(fromFile).contains("(from_file)");
        assertThat(fromEnv).contains("(from_env)");
        assertThat(fromJvm).contains("(from_jvm)");
    }

    static Map<String, String> env() {
        return PUSHER.jarEnvironment();
    }
}
