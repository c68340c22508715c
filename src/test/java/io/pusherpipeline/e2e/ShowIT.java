package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
        assertThat(run.output()).contains("schema version 5", "Latest loads (UTC, newest first):");
        List<String> lines = run.output().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("started_at")).findFirst().orElseThrow());
        assertThat(lines.get(header + 1)).contains("91", "failed", "HTTP 403");
        assertThat(lines.get(header + 2).split("\\s+")).containsSubsequence("91", "loaded", "2", "2", "2");
        assertThat(run.output()).containsPattern("pusher_loads\\s+2\\b")
                .containsPattern("apps_channels\\s+2\\b")
                .containsPattern("channels_channel_users\\s+2\\b");
        assertThat(run.output()).contains("Webhook events: 0 (none received", "Open presence sessions: 0");
        assertThat(PUSHER.requests()).hasSize(requests);
    }

    @Test
    void countsTheWebhookEventsTheReceiverStoredAndTheChannelsWithTheMostOpenSessions() throws Exception {
        int port = freePort();
        Map<String, String> env = env();
        env.put("PUSHER_WEBHOOKS_ENABLED", "true");
        env.put("PUSHER_WEBHOOKS_PORT", Integer.toString(port));
        // The fake Pusher lists none of these members: a snapshot with members would heal them away (docs/webhooks.md).
        env.put("PUSHER_SNAPSHOT_USERS", "false");
        JarRun.Running app = JarRun.start(workDir, env, List.of());
        try {
            URI receiver = URI.create("http://127.0.0.1:" + port + "/pusher/webhooks");
            app.await("the receiver answering", 30, () -> answers(receiver));
            assertThat(post(receiver, "{\"time_ms\":1700000000000,\"events\":[" + member("added", "presence-room", "alice")
                    + "," + member("added", "presence-room", "bob") + "," + member("added", "presence-lobby", "carol")
                    + "," + member("added", "presence-lobby", "dave") + "," + member("added", "presence-lobby", "erin") + "]}"))
                    .isEqualTo(200);
            assertThat(post(receiver, "{\"time_ms\":1700000001000,\"events\":[" + member("removed", "presence-room", "bob") + "]}"))
                    .isEqualTo(200);

            JarRun.Result run = JarRun.run(workDir, Map.of(), "show");

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("Webhook events: 6 (latest at " + latestReceivedAt() + ")",
                    "Open presence sessions: 4 (pusher_data.presence_now)");
            List<String> lines = run.output().lines().toList();
            int header = lines.indexOf(lines.stream().filter(l -> l.strip().startsWith("app_id")).findFirst().orElseThrow());
            assertThat(lines.get(header + 1).split("\\s+")).containsExactly("", "91", "presence-lobby", "3");
            assertThat(lines.get(header + 2).split("\\s+")).containsExactly("", "91", "presence-room", "1");
        } finally {
            app.terminate();
            app.awaitExit(40);
        }
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
            assertThat(run.output()).contains("loaded", "schema version 5");
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
        assertThat(run.output()).contains("Webhook events: 0 batches", "Presence sessions need a database (pusher.sink=jdbc)");
    }

    private static String member(String change, String channel, String user) {
        return "{\"name\":\"member_" + change + "\",\"channel\":\"" + channel + "\",\"user_id\":\"" + user + "\"}";
    }

    /** Signed as Pusher signs: {@code X-Pusher-Signature} is the hex HMAC-SHA256 of the secret over the body. */
    private static int post(URI receiver, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(receiver).header("Content-Type", "application/json")
                .header("X-Pusher-Key", "show-key").header("X-Pusher-Signature", WebhookSignature.sign("show-secret", body.getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The receiver answers 405 to a GET once it listens. */
    private static boolean answers(URI receiver) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(receiver).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 405;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String latestReceivedAt() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE");
             ResultSet rs = c.createStatement().executeQuery("SELECT MAX(received_at) FROM pusher_data.webhook_events")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> env() {
        return PUSHER.jarEnvironment();
    }
}
