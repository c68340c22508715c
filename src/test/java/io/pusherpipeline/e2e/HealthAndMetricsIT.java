package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pusher.management.enabled=true: readiness and Prometheus metrics over HTTP on their own port, as a monitor sees them. */
class HealthAndMetricsIT {

    // Reset after each test, stopped after the last.
    @RegisterExtension
    static final FakePusher PUSHER = FakePusher.start("701", "health-key", "health-secret");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workDir;

    @Test
    void readyAfterALoadedSnapshotWithItsMetricsThenNotReadyWhenSnapshotsStopLoadingFor3Periods() throws Exception {
        PUSHER.channel("orders", 2).members("presence-room", "alice", "bob");
        int port = freePort();
        Map<String, String> env = env(port);
        env.put("PUSHER_SNAPSHOT_PERIOD", "1s");
        JarRun.Running app = JarRun.start(workDir, env, List.of());
        try {
            app.awaitOutput("of app 701 loaded", 30);
            HttpResponse<String> ready = await(port, "/observe/health/ready", r -> r.statusCode() == 200, app);
            assertThat(ready.body()).contains("UP");

            HttpResponse<String> metrics = get(port, "/observe/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .containsPattern("pusher_snapshots_total\\{app=\"701\",status=\"loaded\"} [1-9]")
                    .containsPattern("pusher_requests_total\\{app=\"701\"} [1-9]")
                    .containsPattern("pusher_rows_written_total\\{table=\"channels_channel_users\"} [1-9]")
                    .contains("pusher_snapshot_duration_seconds_count")
                    // HTTP latency of the calls to Pusher, from Camel's own exchange metrics.
                    .containsPattern("camel_exchange_event_notifier_seconds_count\\{[^}]*endpointName=\"http://127.0.0.1:" + PUSHER.port());

            java.nio.file.Path inbox = java.nio.file.Files.createDirectories(workDir.resolve("events"));
            java.nio.file.Files.writeString(inbox.resolve(".good.tmp"), "{\"channel\":\"orders\",\"name\":\"created\",\"data\":1}");
            java.nio.file.Files.move(inbox.resolve(".good.tmp"), inbox.resolve("good.json"));
            java.nio.file.Files.writeString(inbox.resolve(".bad.tmp"), "{\"channel\":\"orders\",\"data\":1}");
            java.nio.file.Files.move(inbox.resolve(".bad.tmp"), inbox.resolve("bad.json"));
            HttpResponse<String> events = await(port, "/observe/metrics", r -> r.body().contains("pusher_events_total{outcome=\"published\"} 1.0")
                    && r.body().contains("pusher_events_total{outcome=\"refused\"} 1.0"), app);
            assertThat(events.statusCode()).isEqualTo(200);

            PUSHER.answer("/apps/701/channels", 403, "over quota");
            HttpResponse<String> stale = await(port, "/observe/health/ready", r -> r.statusCode() == 503, app);
            assertThat(stale.body()).contains("pusher-snapshots", "DOWN");
            assertThat(get(port, "/observe/metrics").body()).containsPattern("pusher_snapshots_total\\{app=\"701\",status=\"failed\"} [1-9]");
        } finally {
            app.terminate();
            app.awaitExit(40);
        }
    }

    @Test
    void notReadyWhileTheDatabaseCannotBeReached() throws Exception {
        PUSHER.members("presence-room", "alice");
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", workDir.toString()).start();
        int port = freePort();
        Map<String, String> env = env(port);
        env.put("PUSHER_SNAPSHOT_PERIOD", "1h");
        env.put("PUSHER_JDBC_URL", "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/./pusher");
        JarRun.Running app = JarRun.start(workDir, env, List.of());
        try {
            app.awaitOutput("of app 701 loaded", 30);
            await(port, "/observe/health/ready", r -> r.statusCode() == 200, app);

            h2.stop();

            HttpResponse<String> down = await(port, "/observe/health/ready", r -> r.statusCode() == 503, app);
            assertThat(down.body()).contains("pusher-snapshots", "DOWN");
        } finally {
            h2.stop();
            app.terminate();
            app.awaitExit(40);
        }
    }

    @Test
    void offByDefault() throws Exception {
        PUSHER.members("presence-room", "alice");
        int port = freePort();
        Map<String, String> env = env(port);
        env.remove("PUSHER_MANAGEMENT_ENABLED");
        env.put("PUSHER_SNAPSHOT_PERIOD", "1h");
        JarRun.Running app = JarRun.start(workDir, env, List.of());
        try {
            app.awaitOutput("of app 701 loaded", 30);

            assertThatThrownBy(() -> get(port, "/observe/health/ready")).isInstanceOf(ConnectException.class);
        } finally {
            app.terminate();
            app.awaitExit(40);
        }
    }

    private static Map<String, String> env(int managementPort) {
        Map<String, String> env = PUSHER.jarEnvironment();
        env.put("PUSHER_HTTP_RETRIES", "0");
        env.put("PUSHER_MANAGEMENT_ENABLED", "true");
        env.put("PUSHER_MANAGEMENT_PORT", Integer.toString(managementPort));
        return env;
    }

    private static HttpResponse<String> await(int port, String path, Predicate<HttpResponse<String>> condition, JarRun.Running app) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            app.await("GET " + path + " answering as expected", 40, () -> {
                last.set(answerOrNull(port, path));
                return last.get() != null && condition.test(last.get());
            });
        } catch (AssertionError e) {
            HttpResponse<String> answer = last.get();
            throw new AssertionError("GET " + path + " answered " + (answer == null ? "nothing" : answer.statusCode() + " " + answer.body())
                    + "; " + e.getMessage(), e);
        }
        return last.get();
    }

    private static HttpResponse<String> answerOrNull(int port, String path) throws IOException, InterruptedException {
        try {
            return get(port, path);
        } catch (ConnectException e) {
            return null;
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
