package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app secret, the database password and the encryption master key, set to canaries, run
 * through success and every failure at the most verbose log level; then everything the app
 * printed or wrote is searched.
 */
class SecretsStaySecretIT {

    private static final String APP_SECRET = "canary-app-secret-5e1f";
    private static final String DB_PASSWORD = "canary-db-password-9b7c";
    /** Base64 of the 32 bytes "canary-master-key-32-bytes-long!", searched for in both forms. */
    private static final String MASTER_KEY_BYTES = "canary-master-key-32-bytes-long!";
    private static final String MASTER_KEY = java.util.Base64.getEncoder().encodeToString(MASTER_KEY_BYTES.getBytes(StandardCharsets.US_ASCII));
    private static final String BAD_MASTER_KEY = "canary-bad-master-key-77a1";
    private static final FakePusher PUSHER = FakePusher.start("99", "canary-key", APP_SECRET);

    @TempDir
    Path workDir;

    @AfterAll
    static void stop() {
        PUSHER.close();
    }

    @Test
    void noSecretAppearsInAnyOutputFileOrDatabase() throws Exception {
        List<String> outputs = new ArrayList<>();
        PUSHER.members("presence-room", "alice").channel("orders", 1);
        outputs.add(once(env(), 0));                                        // success, rows in H2
        Map<String, String> files = env();
        files.put("PUSHER_SINK", "file");
        outputs.add(once(files, 0));                                        // success, JSON Lines files

        PUSHER.answer(".*/channels", 401, "Invalid signature");
        outputs.add(once(env(), 1));
        PUSHER.reset();
        PUSHER.members("presence-room", "alice").answer(".*/users", 500, "boom");
        outputs.add(once(env(), 1));                                        // retried, then failed
        PUSHER.reset();
        PUSHER.answer(".*/channels", 200, "<html>not json</html>");
        outputs.add(once(env(), 1));
        PUSHER.reset();
        PUSHER.channel("orders", 1).delay(".*/channels", Duration.ofSeconds(3));
        Map<String, String> impatient = env();
        impatient.put("PUSHER_HTTP_TIMEOUT", "1s");
        impatient.put("PUSHER_HTTP_RETRIES", "0");
        outputs.add(once(impatient, 1));                                    // response timeout
        Map<String, String> refused = env();
        refused.put("PUSHER_PORT", Integer.toString(closedPort()));
        outputs.add(once(refused, 1));                                      // connection refused
        Map<String, String> noKey = env();
        noKey.remove("PUSHER_APP_KEY");
        outputs.add(once(noKey, 2));                                        // bad configuration
        Map<String, String> noDatabase = env();
        noDatabase.put("PUSHER_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/pusher?password=" + DB_PASSWORD);
        outputs.add(once(noDatabase, 2));                                   // database unreachable
        Map<String, String> badKey = env();
        badKey.put("PUSHER_ENCRYPTION_MASTER_KEY", BAD_MASTER_KEY);
        outputs.add(once(badKey, 2));                                       // master key not base64
        outputs.add(publishEncrypted());                                    // sealed events, one refused

        for (String output : outputs) {
            assertThat(output).doesNotContain(APP_SECRET).doesNotContain(DB_PASSWORD).doesNotContain(MASTER_KEY)
                    .doesNotContain(MASTER_KEY_BYTES).doesNotContain(BAD_MASTER_KEY);
        }
        assertThat(String.join("\n", outputs)).as("the runs did log at TRACE").contains("TRACE");
        try (Stream<Path> written = Files.walk(workDir)) {
            for (Path file : written.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(APP_SECRET).doesNotContain(DB_PASSWORD)
                        .doesNotContain(MASTER_KEY).doesNotContain(MASTER_KEY_BYTES);
            }
        }
        assertThat(workDir.resolve("data/pusher.mv.db")).exists();
    }

    /** Publishes a file of events to an encrypted channel (one refused) at TRACE, until both files are dealt with. */
    private String publishEncrypted() throws IOException {
        PUSHER.reset();
        Path inbox = Files.createDirectories(workDir.resolve("events"));
        Files.writeString(inbox.resolve("sealed.json"), "{\"channel\": \"private-encrypted-x\", \"name\": \"e\", \"data\": \"hi\"}");
        Files.writeString(inbox.resolve("two.json"), "{\"channels\": [\"private-encrypted-x\", \"y\"], \"name\": \"e\", \"data\": 1}");
        JarRun.Running run = JarRun.start(workDir, env(), TRACE);
        run.await("both files dealt with", 120, () -> Files.exists(inbox.resolve(".done/sealed.json"))
                && Files.exists(inbox.resolve(".error/two.json.reason.txt")));
        run.stop();
        assertThat(PUSHER.delivered()).as(run.output()).anySatisfy(d -> assertThat(d.channel()).isEqualTo("private-encrypted-x"));
        return run.output();
    }

    private static final List<String> TRACE = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
            "-Dorg.slf4j.simpleLogger.log.org.apache.camel=trace", "-Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=trace");

    private String once(Map<String, String> env, int expectedExit) {
        JarRun.Result run = JarRun.start(workDir, env, TRACE, "--once").awaitExit(120);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(expectedExit);
        return run.output();
    }

    private static Map<String, String> env() {
        Map<String, String> env = PUSHER.jarEnvironment();
        env.put("PUSHER_HTTP_BACKOFF", "10ms");
        env.put("PUSHER_JDBC_USER", "sa");
        env.put("PUSHER_JDBC_PASSWORD", DB_PASSWORD);
        env.put("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY);
        return env;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
