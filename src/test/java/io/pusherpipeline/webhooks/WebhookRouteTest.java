package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.RealRoutesTestSupport;
import io.pusherpipeline.testing.TeeStream;
import io.pusherpipeline.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real routes/pusher-webhooks.yaml on Camel Main's HTTP server, fed signed and unsigned
 * requests over HTTP; rows asserted in a real H2 database, log lines read from the log.
 */
class WebhookRouteTest extends RealRoutesTestSupport {

    private static final String APP_ID = "4242";
    private static final String KEY = "webhook-key";
    private static final String SECRET = "webhook-secret-canary";

    // Camel's test support configures the context from its constructor, before field initializers run.
    private TestDatabase db;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void createTheTablesAndCaptureTheLog() {
        // At start-up the snapshot sink creates every table; this test has no snapshot route.
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
        stderr = System.err;
        System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(stderr);
    }

    @Override
    protected Properties overrides() {
        db = TestDatabase.h2();
        port = freePort();
        Properties p = webhookReceiver(APP_ID, KEY, SECRET, db, port);
        p.setProperty("pusher.webhooks.max-body", "4KB");
        return p;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:pusher-webhook-events").routeId("test-forward")
                        .process(e -> forwarded.add(e.getMessage().getHeader("PusherAppId") + " "
                                + e.getMessage().getHeader("PusherWebhookNewEvents") + " "
                                + e.getMessage().getBody(String.class)));
            }
        };
    }

    @Test
    void aSignedBatchIsStoredWithItsSessionsAnsweredAfterTheCommitAndForwarded() throws Exception {
        String body = batch(1_700_000_000_000L, member("member_added", "presence-room", "alice"));

        HttpResponse<String> answer = post(body, KEY, WebhookSignature.sign(SECRET, bytes(body)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Pusher-Signature")).isEmpty();
        assertThat(db.rows("SELECT app_id, time_ms, event_name, channel_name, user_id FROM pusher_data.webhook_events"))
                .containsExactly(List.of(APP_ID, 1_700_000_000_000L, "member_added", "presence-room", "alice"));
        assertThat(db.rows("SELECT channel_name, user_id, joined_at, joined_by FROM pusher_data.presence_now"))
                .hasSize(1).first().satisfies(row -> assertThat(row.get(2)).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L)));
        assertThat(forwarded).containsExactly(APP_ID + " 1 " + body);
    }

    @Test
    void theSameBatchDeliveredTwiceIsStoredOnce() throws Exception {
        String body = batch(1_700_000_000_000L, member("member_added", "presence-room", "alice"),
                member("member_removed", "presence-room", "bob"));
        String signature = WebhookSignature.sign(SECRET, bytes(body));

        assertThat(post(body, KEY, signature).statusCode()).isEqualTo(200);
        assertThat(post(body, KEY, signature).statusCode()).isEqualTo(200);

        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_events")).containsExactly(List.of(2L));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.presence_sessions")).containsExactly(List.of(1L));
        assertThat(forwarded).extracting(line -> line.split(" ")[1]).containsExactly("2", "0");
    }

    @Test
    void everyRefusalAnswersItsStatusStoresNothingAndLogsOneWarningWithItsReason() throws Exception {
        String body = batch(1_700_000_000_000L, member("member_added", "presence-room", "alice"));
        String signature = WebhookSignature.sign(SECRET, bytes(body));
        String changed = body.replace("alice", "mallory");
        String notJson = "{not json";
        String noEvents = "{\"time_ms\":1700000000000}";
        String tooLarge = batch(1_700_000_000_000L, member("member_added", "presence-room", "x".repeat(5000)));

        assertRefused(post(body, KEY, null), 401, "missing_signature", "no X-Pusher-Signature header");
        assertRefused(post(body, KEY, WebhookSignature.sign("another-secret", bytes(body))), 401, "wrong_signature",
                "X-Pusher-Signature does not match the body");
        assertRefused(post(body, "someone-else", signature), 401, "unknown_key", "is not the key of a configured app");
        assertRefused(post(changed, KEY, signature), 401, "wrong_signature", "changed after signing");
        assertRefused(post(notJson, KEY, WebhookSignature.sign(SECRET, bytes(notJson))), 400, "not_json",
                "the body is not JSON");
        assertRefused(post(noEvents, KEY, WebhookSignature.sign(SECRET, bytes(noEvents))), 400, "wrong_shape",
                "there is no events list");
        assertRefused(post(tooLarge, KEY, WebhookSignature.sign(SECRET, bytes(tooLarge))), 413, "too_large",
                "more than pusher.webhooks.max-body (4096 bytes)");
        HttpResponse<String> get = send(HttpRequest.newBuilder(uri()).GET());
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertRefused(get, 405, "wrong_method", "method GET");

        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_events")).containsExactly(List.of(0L));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.presence_sessions")).containsExactly(List.of(0L));
        assertThat(forwarded).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET).doesNotContain("mallory");
    }

    @Test
    void aBatchWithEventsOfTheWrongShapeAnswers200StoresTheGoodOnesAndKeepsEachBadOneWithItsReasonOnce() throws Exception {
        String body = "{\"time_ms\":1700000000000,\"events\":[" + member("member_added", "presence-room", "alice")
                + ",{\"name\":\"member_added\",\"channel\":\"presence-room\"},{\"channel\":\"presence-room\"},"
                + "{\"name\":\"client_event\",\"channel\":\"presence-room\",\"event\":\"client-x\",\"data\":\"x\\u0000y\"}]}";
        String signature = WebhookSignature.sign(SECRET, bytes(body));

        assertThat(post(body, KEY, signature).statusCode()).isEqualTo(200);
        assertThat(post(body, KEY, signature).statusCode()).as("delivered again").isEqualTo(200);

        assertThat(db.rows("SELECT user_id FROM pusher_data.presence_now")).containsExactly(List.of("alice"));
        assertThat(db.rows("SELECT data FROM pusher_data.webhook_events WHERE event_name = 'client_event'"))
                .extracting(row -> io.pusherpipeline.storage.StoredText.read((String) row.get(0))).containsExactly("x\u0000y");
        assertThat(db.rows("SELECT event_index, event_name, reason FROM pusher_data.webhook_rejects ORDER BY event_index"))
                .containsExactly(List.of(1, "member_added", "it is a member event without a user_id"),
                        java.util.Arrays.asList(2, null, "it has no name"));
        assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("left out of the history"))
                .map(line -> line.substring(line.indexOf("WARN"))))
                .containsExactly("WARN webhooks - Webhook event 1 (member_added) of app " + APP_ID + " at time_ms 1700000000000"
                        + " left out of the history: it is a member event without a user_id; kept in webhook_rejects",
                        "WARN webhooks - Webhook event 2 (no name) of app " + APP_ID + " at time_ms 1700000000000"
                        + " left out of the history: it has no name; kept in webhook_rejects");
    }

    @Test
    void storageDownAnswers503WithNothingHalfWrittenAndTheNextDeliveryWorks() throws Exception {
        String body = batch(1_700_000_000_000L, member("member_added", "presence-room", "alice"));
        String signature = WebhookSignature.sign(SECRET, bytes(body));
        // A sessions table that refuses every row: the events' insert runs first and must be rolled back.
        db.execute("ALTER TABLE pusher_data.presence_sessions ADD CONSTRAINT refuse_all CHECK (user_id = 'nobody')");

        assertRefused(post(body, KEY, signature), 503, "storage_failed", "Webhook not stored, answered 503");
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_events")).containsExactly(List.of(0L));

        db.execute("ALTER TABLE pusher_data.presence_sessions DROP CONSTRAINT refuse_all");
        assertThat(post(body, KEY, signature).statusCode()).isEqualTo(200);
        assertThat(db.rows("SELECT user_id FROM pusher_data.presence_now")).containsExactly(List.of("alice"));
    }

    @Test
    void storageDownAnswersEveryRequestWaitingBesideIt503AndStoresNothingOfThem() throws Exception {
        db.execute("ALTER TABLE pusher_data.presence_sessions ADD CONSTRAINT refuse_all CHECK (user_id = 'nobody')");
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String body = batch(1_700_000_000_000L + i, member("member_added", "presence-room-" + i % 3, "user-" + i));
            answers.add(http.sendAsync(HttpRequest.newBuilder(uri()).header("X-Pusher-Key", KEY)
                    .header("X-Pusher-Signature", WebhookSignature.sign(SECRET, bytes(body)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(answers).extracting(answer -> answer.get().statusCode()).containsOnly(503);
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_events")).containsExactly(List.of(0L));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.presence_sessions")).containsExactly(List.of(0L));
        assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("WARN")
                && line.contains("Webhook not stored, answered 503"))).hasSize(30);
        assertThat(forwarded).isEmpty();
    }

    private void assertRefused(HttpResponse<String> answer, int status, String outcome, String reason) {
        assertThat(answer.statusCode()).as(outcome).isEqualTo(status);
        String lines = log.toString(StandardCharsets.UTF_8);
        assertThat(lines.lines().filter(line -> line.contains("WARN") && line.contains(reason)).count())
                .as("one WARN line with '%s' in:%n%s", reason, lines).isEqualTo(1);
        log.reset();
    }

    private HttpResponse<String> post(String body, String key, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri()).header("Content-Type", "application/json")
                .header("X-Pusher-Key", key).POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Pusher-Signature", signature);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/pusher/webhooks");
    }

    static String batch(long timeMs, String... events) {
        return "{\"time_ms\":" + timeMs + ",\"events\":[" + String.join(",", events) + "]}";
    }

    static String member(String name, String channel, String user) {
        return "{\"name\":\"" + name + "\",\"channel\":\"" + channel + "\",\"user_id\":\"" + user + "\"}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
