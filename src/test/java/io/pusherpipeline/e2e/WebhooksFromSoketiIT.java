package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar's webhook receiver fed by soketi, with real pusher-js members joining and leaving
 * a presence channel when this test says: each session opens and closes within 1 s of the
 * client's subscribe and disconnect, and so does the channel's occupancy.
 */
class WebhooksFromSoketiIT {

    private static final String APP_ID = "4716";
    private static final String KEY = "e2e-webhook-key";
    private static final String SECRET = "e2e-webhook-secret-canary";
    private static final Duration PRECISION = Duration.ofSeconds(1);

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sessionsAndOccupancyFollowTheMembersToTheSecond() throws Exception {
        int receiverPort = freePort();
        int managementPort = freePort();
        String hooks = "[{\"url\":\"http://127.0.0.1:" + receiverPort + "/pusher/webhooks\",\"event_types\":[\"channel_occupied\","
                + "\"channel_vacated\",\"member_added\",\"member_removed\",\"client_event\",\"cache_miss\"]}]";
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET, Map.of("SOKETI_DEFAULT_APP_WEBHOOKS", hooks))) {
            Map<String, String> env = Map.of("PUSHER_APP_ID", APP_ID, "PUSHER_APP_KEY", KEY, "PUSHER_APP_SECRET", SECRET,
                    "PUSHER_SCHEME", "http", "PUSHER_HOST", soketi.host(), "PUSHER_PORT", Integer.toString(soketi.port()),
                    "PUSHER_WEBHOOKS_ENABLED", "true", "PUSHER_WEBHOOKS_PORT", Integer.toString(receiverPort),
                    "PUSHER_MANAGEMENT_ENABLED", "true", "PUSHER_MANAGEMENT_PORT", Integer.toString(managementPort));
            JarRun.Running app = JarRun.start(workDir, env);
            try {
                awaitReceiver(app, receiverPort);

                Instant beforeJoin = Instant.now();
                PresenceMembers members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET,
                        List.of("presence-lobby|alice", "presence-lobby|bob"));
                Instant joined = Instant.now();
                awaitRows("both sessions open", "SELECT COUNT(*) FROM pusher_data.presence_now", "2");

                Instant beforeLeave = Instant.now();
                members.leave("presence-lobby", "alice");
                Instant left = Instant.now();
                awaitRows("alice's session closed", "SELECT COUNT(*) FROM pusher_data.presence_now", "1");

                Instant beforeClose = Instant.now();
                members.close();
                Instant closed = Instant.now();
                awaitRows("the channel vacated", "SELECT COUNT(*) FROM pusher_data.channel_occupancy"
                        + " WHERE vacated_at IS NOT NULL", "1");
                awaitRows("soketi's late member_removed stored too", "SELECT COUNT(*) FROM pusher_data.webhook_events"
                        + " WHERE event_name = 'member_removed'", "2");

                List<List<Object>> sessions = rows("SELECT user_id, joined_at, left_at, joined_by, left_by"
                        + " FROM pusher_data.presence_sessions ORDER BY user_id");
                assertThat(sessions).extracting(row -> row.get(0)).containsExactly("alice", "bob");
                assertWithin(instant(sessions.get(0).get(1)), beforeJoin, joined);
                assertWithin(instant(sessions.get(1).get(1)), beforeJoin, joined);
                assertWithin(instant(sessions.get(0).get(2)), beforeLeave, left);
                assertWithin(instant(sessions.get(1).get(2)), beforeClose, closed);
                assertThat(sessions.get(0).subList(3, 5)).containsExactly("webhook", "webhook");
                // Whichever soketi stamped first closed bob's stay: it sends channel_vacated and his
                // member_removed within a millisecond or two, in either order.
                long vacated = Long.parseLong(String.valueOf(rows("SELECT time_ms FROM pusher_data.webhook_events"
                        + " WHERE event_name = 'channel_vacated'").get(0).get(0)));
                long removed = Long.parseLong(String.valueOf(rows("SELECT time_ms FROM pusher_data.webhook_events"
                        + " WHERE event_name = 'member_removed' AND user_id = 'bob'").get(0).get(0)));
                assertThat(sessions.get(1).get(3)).isEqualTo("webhook");
                if (vacated != removed) {
                    assertThat(sessions.get(1).get(4)).isEqualTo(vacated < removed ? "channel_vacated" : "webhook");
                }
                List<Object> occupancy = rows("SELECT occupied_at, vacated_at FROM pusher_data.channel_occupancy").get(0);
                assertWithin(instant(occupancy.get(0)), beforeJoin, joined);
                assertWithin(instant(occupancy.get(1)), beforeClose, closed);

                HttpResponse<String> forged = http.send(HttpRequest.newBuilder(receiver(receiverPort))
                        .header("X-Pusher-Key", KEY).header("X-Pusher-Signature", "0".repeat(64))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"time_ms\":1,\"events\":[]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(401);
                app.awaitOutput("WARN webhooks - Webhook refused with 401 (wrong_signature)", 10);
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("pusher_webhooks_total{outcome=\"accepted\"", "outcome=\"wrong_signature\"");
                assertThat(app.output()).doesNotContain(SECRET);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void aMemberWhoLeavesWhileTheReceiverIsStoppedIsClosedByTheNextSnapshot() throws Exception {
        int receiverPort = freePort();
        String hooks = "[{\"url\":\"http://127.0.0.1:" + receiverPort + "/pusher/webhooks\",\"event_types\":[\"channel_occupied\","
                + "\"channel_vacated\",\"member_added\",\"member_removed\"]}]";
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET, Map.of("SOKETI_DEFAULT_APP_WEBHOOKS", hooks))) {
            // One snapshot at each start (then one an hour): the second start's is the first snapshot after the restart.
            Map<String, String> env = Map.of("PUSHER_APP_ID", APP_ID, "PUSHER_APP_KEY", KEY, "PUSHER_APP_SECRET", SECRET,
                    "PUSHER_SCHEME", "http", "PUSHER_HOST", soketi.host(), "PUSHER_PORT", Integer.toString(soketi.port()),
                    "PUSHER_WEBHOOKS_ENABLED", "true", "PUSHER_WEBHOOKS_PORT", Integer.toString(receiverPort),
                    "PUSHER_SNAPSHOT_PERIOD", "1h");
            JarRun.Running first = JarRun.start(workDir, env);
            PresenceMembers members;
            try {
                awaitReceiver(first, receiverPort);
                first.awaitOutput("Snapshot ", 30);
                members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET, List.of("presence-lobby|alice", "presence-lobby|bob"));
                awaitRows("both sessions open", "SELECT COUNT(*) FROM pusher_data.presence_now", "2");
            } finally {
                first.stop();
            }
            try (members) {
                // soketi posts the member_removed at once to a receiver that is not there, and never again.
                members.leave("presence-lobby", "alice");
                Instant restart = Instant.now();
                JarRun.Running second = JarRun.start(workDir, env);
                try {
                    // Logged once the load is stored and has healed.
                    second.awaitOutput("Snapshot ", 60);
                    awaitRows("alice's session closed", "SELECT COUNT(*) FROM pusher_data.presence_now", "1");

                    List<Object> load = rows("SELECT started_at, members_prefix FROM pusher_data.pusher_loads"
                            + " WHERE status = 'loaded' ORDER BY started_at DESC").get(0);
                    List<Object> alice = rows("SELECT left_at, left_by FROM pusher_data.presence_sessions WHERE user_id = 'alice'").get(0);
                    assertThat(instant(load.get(0))).isAfter(restart);
                    assertThat(load.get(1)).isEqualTo("");
                    assertThat(alice.get(1)).isEqualTo("snapshot");
                    assertThat(instant(alice.get(0))).isEqualTo(instant(load.get(0)));
                    assertThat(rows("SELECT user_id, joined_by, left_at FROM pusher_data.presence_sessions WHERE user_id = 'bob'"))
                            .containsExactly(java.util.Arrays.asList("bob", "webhook", null));
                    assertThat(rows("SELECT COUNT(*) FROM pusher_data.webhook_events WHERE event_name = 'member_removed'"))
                            .containsExactly(List.of(0L));
                } finally {
                    second.stop();
                }
            }
        }
    }

    private static void assertWithin(Instant observed, Instant from, Instant to) {
        assertThat(observed).as("between %s and %s, give or take %s", from, to, PRECISION)
                .isBetween(from.minus(PRECISION), to.plus(PRECISION));
    }

    /** Until the receiver answers (405 to a GET): the jar has started. */
    private void awaitReceiver(JarRun.Running app, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(receiver(port)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 405) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !app.isAlive()) {
                throw new AssertionError("the receiver did not start:\n" + app.output());
            }
            Thread.sleep(100);
        }
    }

    private void awaitRows(String what, String sql, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = String.valueOf(rows(sql).get(0).get(0));
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + ": " + sql + " gave " + last + ", not " + expected);
    }

    private List<List<Object>> rows(String sql) throws Exception {
        String url = "jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Instant instant(Object value) {
        return ((OffsetDateTime) value).toInstant();
    }

    private static URI receiver(int port) {
        return URI.create("http://127.0.0.1:" + port + "/pusher/webhooks");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
