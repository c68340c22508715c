package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.testing.TestDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one end user can send cannot cost other users' webhooks (issue 32), on PostgreSQL with soketi:
 * a pusher-js client's client event whose data holds a NUL is stored and read back as sent; a signed
 * batch mixing it with a malformed member event and a good one is answered 200, the good member's
 * session opens and the malformed event is named in the log and kept in webhook_rejects; uploads
 * abandoned mid-body add at most a handful of log lines.
 */
class WebhookInputOnPostgresIT {

    private static final String APP_ID = "4731";
    private static final String KEY = "e2e-input-key";
    private static final String SECRET = "e2e-input-secret-canary";
    private static final String SCHEMA = "pusher_webhook_input";
    private static final String CHANNEL = "presence-chat";
    private static final String NUL_DATA = "x\u0000y";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORGED = "Webhook refused with 401 (wrong_signature)";

    @TempDir
    static Path workDir;

    static TestDatabase db;
    static Soketi soketi;
    static JarRun.Running jar;
    static int webhookPort;
    static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.postgres();
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        webhookPort = ReplicaFleet.freePort();
        soketi = Soketi.start(APP_ID, KEY, SECRET, Map.of("SOKETI_DEFAULT_APP_WEBHOOKS", WebhookReceivers.soketiWebhooks(webhookPort),
                "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"));
        jar = JarRun.start(Files.createDirectories(workDir.resolve("receiver")),
                WebhookReceivers.env(soketi, db, SCHEMA, webhookPort, managementPort = ReplicaFleet.freePort()));
        WebhookReceivers.awaitStarted(jar, webhookPort);
    }

    @AfterAll
    static void stop() {
        if (jar != null) {
            jar.stop();
        }
        if (soketi != null) {
            soketi.close();
        }
    }

    @Test
    void aClientEventWithANulIsStoredAsSentAndABadEventBesideItCostsNothingElse() throws Exception {
        try (PresenceMembers members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET, List.of(CHANNEL + "|carol"))) {
            members.trigger(CHANNEL, "carol", "client-x", NUL_DATA);
            jar.await("soketi's client_event stored", 10, () -> count("webhook_events WHERE event_name = 'client_event'") == 1);

            List<Object> fromSoketi = db.rows("SELECT data, client_event, user_id, socket_id, channel_name FROM " + SCHEMA
                    + ".webhook_events WHERE event_name = 'client_event'").get(0);
            assertThat(StoredText.read((String) fromSoketi.get(0))).isEqualTo(NUL_DATA);
            assertThat((String) fromSoketi.get(0)).as("stored escaped").startsWith(StoredText.MARKER);
            assertThat(fromSoketi.subList(1, 3)).containsExactly("client-x", "carol");
            assertThat(fromSoketi.get(4)).isEqualTo(CHANNEL);

            long timeMs = System.currentTimeMillis();
            ObjectNode body = JSON.createObjectNode().put("time_ms", timeMs);
            body.putArray("events")
                    .add(JSON.createObjectNode().put("name", "client_event").put("channel", CHANNEL).put("event", "client-x")
                            .put("data", NUL_DATA).put("socket_id", (String) fromSoketi.get(3)).put("user_id", "carol"))
                    .add(JSON.createObjectNode().put("name", "member_added").put("channel", CHANNEL))
                    .add(JSON.createObjectNode().put("name", "member_added").put("channel", CHANNEL).put("user_id", "alice"));
            HttpResponse<String> answer = WebhookReceivers.postSigned(webhookPort, KEY, SECRET, JSON.writeValueAsString(body));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(db.rows("SELECT joined_by, left_at FROM " + SCHEMA + ".presence_sessions"
                    + " WHERE channel_name = '" + CHANNEL + "' AND user_id = 'alice'")).containsExactly(Arrays.asList("webhook", null));
            jar.awaitOutput("WARN webhooks - Webhook event 1 (member_added) of app " + APP_ID + " at time_ms " + timeMs
                    + " left out of the history: it is a member event without a user_id; kept in webhook_rejects", 10);
            List<List<Object>> rejects = db.rows("SELECT app_id, time_ms, event_index, event_name, reason, event FROM "
                    + SCHEMA + ".webhook_rejects");
            assertThat(rejects).hasSize(1);
            assertThat(rejects.get(0).subList(0, 5)).containsExactly(APP_ID, timeMs, 1, "member_added",
                    "it is a member event without a user_id");
            assertThat(JSON.readTree((String) rejects.get(0).get(5))).isEqualTo(body.get("events").get(1));
            List<String> clientData = new ArrayList<>();
            for (List<Object> row : db.rows("SELECT data FROM " + SCHEMA + ".webhook_events WHERE event_name = 'client_event'")) {
                clientData.add(StoredText.read((String) row.get(0)));
            }
            assertThat(clientData).as("soketi's and the hand-made batch's").containsExactly(NUL_DATA, NUL_DATA);
        }
        // carol's disconnect vacates the channel, which closes alice's made-up stay too: stored, so no later line.
        jar.await("the channel vacated", 10, () -> count("channel_occupancy WHERE vacated_at IS NOT NULL") == 1);
        assertThat(count("presence_now")).isZero();
    }

    @Test
    void uploadsAbandonedMidBodyAddAtMostAHandfulOfLogLines() throws Exception {
        int before = forgedMarker(1);

        List<Socket> uploads = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), webhookPort);
                uploads.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + WebhookReceivers.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + webhookPort
                        + "\r\nContent-Type: application/json\r\nX-Pusher-Key: " + KEY
                        + "\r\nX-Pusher-Signature: " + "0".repeat(64) + "\r\nContent-Length: 1000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            // Each upload ends as a closing client ends it (its FIN), and is waited for until the receiver
            // has closed its side too: by then the receiver has dealt with it, and logged whatever it logs.
            for (Socket socket : uploads) {
                socket.shutdownOutput();
            }
            for (Socket socket : uploads) {
                awaitClosedByTheReceiver(socket);
            }
        } finally {
            for (Socket socket : uploads) {
                socket.close();
            }
        }
        forgedMarker(2); // the receiver still answers beside them
        // The receiver logs some of a closed upload's lines after it has closed the connection, even after
        // a later request's: counted once its output has stopped growing.
        AtomicInteger seen = new AtomicInteger(-1);
        Awaitility.await("the jar's output not growing for 500 ms").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    int now = lines().size();
                    return seen.getAndSet(now) == now;
                });

        List<String> added = lines().subList(before + 1, lines().size()).stream()
                .filter(line -> !line.contains(FORGED)).toList();
        assertThat(WebhookReceivers.answered(managementPort, "aborted")).as("pusher_webhooks_total{outcome=\"aborted\"}")
                .isEqualTo(200);
        assertThat(added.size()).as("lines the 200 abandoned uploads added, the first of them: %s",
                String.join("\n", added.subList(0, Math.min(6, added.size())))).isLessThanOrEqualTo(5);
    }

    private static void awaitClosedByTheReceiver(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // an answer, if any, is read and ignored
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the receiver kept an abandoned upload open for 10 s", e);
        } catch (SocketException reset) {
            // closed by the receiver with a reset: dealt with too
        }
    }

    /**
     * Sends a request with a wrong signature and waits for its WARN line, the {@code n}th since the start;
     * returns that line's index in the jar's output.
     */
    private static int forgedMarker(int n) throws Exception {
        HttpResponse<String> forged = WebhookReceivers.post(webhookPort, KEY, "0".repeat(64),
                "{\"time_ms\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(forged.statusCode()).isEqualTo(401);
        jar.await(n + " wrong_signature lines", 10, () -> lines().stream().filter(l -> l.contains(FORGED)).count() == n);
        List<String> lines = lines();
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(FORGED) && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    private static List<String> lines() {
        return jar.output().lines().toList();
    }

    private static long count(String fromWhere) throws Exception {
        return ((Number) db.rows("SELECT COUNT(*) FROM " + SCHEMA + "." + fromWhere).get(0).get(0)).longValue();
    }
}
