package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar's history API with a real pusher-js client on soketi: a client that connects late,
 * authorized for a private channel by the npm `pusher` library's authorizeChannel, fetches with its
 * own socket_id and auth exactly the events after its cursor (rows put into the jar's H2 file by
 * SQL), page by page; another socket's auth, and none, are 401 revealing nothing; forged cursors and limits 400.
 */
class HistoryCatchUpIT {

    private static final String APP_ID = "4729";
    private static final String KEY = "e2e-history-key";
    private static final String SECRET = "e2e-history-secret-canary";
    private static final String CHANNEL = "private-history-room";

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLateClientFetchesExactlyWhatItMissedWithItsOwnAuth() throws Exception {
        int port = freePort();
        int managementPort = freePort();
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET)) {
            Map<String, String> env = soketi.jarEnvironment();
            env.putAll(Map.of("PUSHER_WEBHOOKS_ENABLED", "true", "PUSHER_WEBHOOKS_PORT", Integer.toString(port),
                    "PUSHER_SNAPSHOT_PERIOD", "1h", "PUSHER_MANAGEMENT_ENABLED", "true",
                    "PUSHER_MANAGEMENT_PORT", Integer.toString(managementPort)));
            JarRun.Running app = JarRun.start(workDir, env);
            try {
                app.await("the history API answering", 60, () -> answers("http://127.0.0.1:" + port + "/pusher/history/news"));
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE");
                     PreparedStatement s = c.prepareStatement("INSERT INTO pusher_data.channel_events (app_id, channel_name, seq,"
                             + " event_name, data, source, occurred_at, event_key) VALUES (?, ?, ?, ?, ?, 'published', ?, ?)")) {
                    for (int seq = 1; seq <= 5; seq++) {
                        s.setString(1, APP_ID);
                        s.setString(2, CHANNEL);
                        s.setLong(3, seq);
                        s.setString(4, "message");
                        s.setString(5, "{\"n\":" + seq + "}");
                        s.setObject(6, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10 - seq));
                        s.setString(7, "e2e-" + seq);
                        s.executeUpdate();
                    }
                }

                List<String> lines = catchUp(soketi, port, 2, 2);

                assertThat(lines.stream().filter(l -> l.startsWith("EVENT ") || l.startsWith("PAGE ") || l.startsWith("DONE ")))
                        .containsExactly(
                                "EVENT {\"seq\":3,\"event\":\"message\",\"data\":\"{\\\"n\\\":3}\"}",
                                "EVENT {\"seq\":4,\"event\":\"message\",\"data\":\"{\\\"n\\\":4}\"}",
                                "PAGE 2 4",
                                "EVENT {\"seq\":5,\"event\":\"message\",\"data\":\"{\\\"n\\\":5}\"}",
                                "PAGE 1 5",
                                "DONE 5");
                assertThat(lines.stream().filter(l -> l.startsWith("DENIED "))).containsExactly(
                        "DENIED 401 auth does not authorize this socket_id for this private channel",
                        "DENIED 401 a private channel needs socket_id and auth: the auth your app's authorizer gave this socket for this channel");
                for (String forged : List.of("after=-1", "after=6", "limit=0", "limit=1001")) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/pusher/history/news?" + forged)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(forged + ": " + answer.body()).isEqualTo(400);
                }
                app.awaitOutput("WARN history - History request refused with 401", 10);
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("pusher_history_total{outcome=\"served\"", "pusher_history_total{outcome=\"unauthorized\"");
                assertThat(app.output()).doesNotContain(SECRET);
            } finally {
                app.stop();
            }
        }
    }

    /** Runs e2e/history-catch-up.js to its end and returns what it printed. */
    private static List<String> catchUp(Soketi soketi, int port, long after, int limit) throws Exception {
        Path baseDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", baseDir.resolve("e2e/history-catch-up.js").toString(), CHANNEL)
                .directory(baseDir.resolve("e2e").toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = new HashMap<>(Map.of("PUSHER_HOST", soketi.host(), "PUSHER_PORT", Integer.toString(soketi.port()),
                "PUSHER_APP_ID", APP_ID, "PUSHER_APP_KEY", KEY, "PUSHER_APP_SECRET", SECRET,
                "HISTORY_URL", "http://127.0.0.1:" + port + "/pusher/history",
                "HISTORY_AFTER", Long.toString(after), "HISTORY_LIMIT", Integer.toString(limit)));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("history-catch-up-", ".out");
        pb.redirectOutput(out.toFile());
        Process node = pb.start();
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new AssertionError("history-catch-up.js did not finish in 60 s:\n" + Files.readString(out));
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(printed).isZero();
        return printed.lines().toList();
    }

    private boolean answers(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
