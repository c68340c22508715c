package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.signing.WebhookSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The websocket archiver end to end (issue 29, part 2): the built jar with webhooks and the archiver on,
 * soketi, a real pusher-js subscriber that makes a public, a private and a private-encrypted channel
 * occupied, and an independent publisher (the npm `pusher` library in its own process) triggering events
 * there. The archiver follows the matching channels the channel_occupied webhooks and the start's snapshot
 * name (not the one pusher.archive.channels leaves out) and stores each event once
 * (source archiver; the encrypted one as ciphertext); after soketi restarts on the same port it connects
 * again, stores a new event, and the time it was away is a closed row of channel_gaps. A pusher-js client's
 * event on a private channel, which reaches both the archiver and soketi's client_event webhook, is one row;
 * when that client leaves, a subscription_count of 1 ends the channel's occupancy, not the archiver's leaving.
 */
class ArchiverIT {

    private static final String APP_ID = "4929";
    private static final String KEY = "e2e-archiver-key";
    private static final String SECRET = "e2e-archiver-secret-canary";
    private static final String MASTER_KEY = "q0uCj0VhWYbE2Zp8fW6yN1rT3mJ5sK7dL9aB2cD4eF0=";
    private static final List<String> CHANNELS = List.of("news", "private-orders", "private-encrypted-plans");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    static Soketi soketi;
    static JarRun.Running jar;
    static EventSubscriber subscriber;
    static EventSubscriber early;
    static int webhookPort;

    @BeforeAll
    static void start() throws Exception {
        webhookPort = ReplicaFleet.freePort();
        soketi = Soketi.start(APP_ID, KEY, SECRET, Map.of("SOKETI_DEFAULT_APP_WEBHOOKS", WebhookReceivers.soketiWebhooks(webhookPort),
                "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"));
        // Occupied before the jar listens: soketi's channel_occupied webhook is lost (it never retries), so
        // only the start's snapshot can tell the archiver of this channel.
        early = EventSubscriber.subscribe(soketi, List.of("early-news", "other"));
        Map<String, String> env = soketi.jarEnvironment();
        env.put("PUSHER_WEBHOOKS_ENABLED", "true");
        env.put("PUSHER_WEBHOOKS_PORT", Integer.toString(webhookPort));
        env.put("PUSHER_MANAGEMENT_PORT", Integer.toString(ReplicaFleet.freePort()));
        env.put("PUSHER_SNAPSHOT_PERIOD", "1h");
        env.put("PUSHER_ARCHIVE_ENABLED", "true");
        env.put("PUSHER_ARCHIVE_CHANNELS", "news, private-*, early-*");
        env.put("PUSHER_EVENTS_DIR", workDir.resolve("events").toString());
        jar = JarRun.start(workDir, env);
        WebhookReceivers.awaitStarted(jar, webhookPort);
        jar.awaitOutput("Archiver connected", 20);
        jar.awaitOutput("Archiving channel early-news\n", 20);
    }

    @AfterAll
    static void stop() {
        if (subscriber != null) {
            subscriber.close();
        }
        if (early != null) {
            early.close();
        }
        if (jar != null) {
            jar.stop();
        }
        if (soketi != null) {
            soketi.close();
        }
    }

    @Test
    void eventsOtherServersPublishAreArchivedOnceAndARestartOfTheServerIsAClosedGap() throws Exception {
        subscriber = EventSubscriber.subscribe(soketi, CHANNELS, Map.of("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY));
        for (String channel : CHANNELS) {
            jar.awaitOutput("Archiving channel " + channel + "\n", 20);
        }
        publish("""
                [{"channel": "news", "event": "headline", "data": "{\\"title\\":\\"Snow\\"}"},
                 {"channel": "private-orders", "event": "order-created", "data": "42"},
                 {"channel": "news", "event": "headline", "data": "{\\"title\\":\\"Snow\\"}"},
                 {"channel": "private-encrypted-plans", "event": "plan", "data": "launch on friday"},
                 {"channel": "other", "event": "not-archived", "data": "1"},
                 {"channel": "early-news", "event": "headline", "data": "early"}]""");
        jar.await("five archived events", 20, () -> count("source = 'archiver'") == 5);
        assertThat(jar.output()).as("a channel pusher.archive.channels does not match").doesNotContain("Archiving channel other");
        assertThat(count("channel_name = 'other'")).isZero();
        assertThat(count("channel_name = 'early-news' AND data = 'early'")).as("a channel the snapshot listed").isEqualTo(1);

        assertThat(rows("SELECT channel_name, seq, event_name, data, user_id, socket_id FROM channel_events"
                + " WHERE channel_name IN ('news', 'private-orders') ORDER BY channel_name, seq")).containsExactly(
                java.util.Arrays.asList("news", "1", "headline", "{\"title\":\"Snow\"}", null, null),
                java.util.Arrays.asList("news", "2", "headline", "{\"title\":\"Snow\"}", null, null),
                java.util.Arrays.asList("private-orders", "1", "order-created", "42", null, null));
        String sealed = rows("SELECT data FROM channel_events WHERE channel_name = 'private-encrypted-plans'").get(0).get(0);
        assertThat(JSON.readTree(sealed).fieldNames()).toIterable().containsExactly("nonce", "ciphertext");
        assertThat(sealed).doesNotContain("friday");
        assertThat(rows("SELECT COUNT(*) FROM channel_gaps WHERE ended_at IS NULL")).containsExactly(List.of("0"));

        soketi.close();
        jar.awaitOutput("Archiver disconnected", 20);
        soketi = soketi.restarted();
        jar.await("the archiver subscribed again after the restart", 40, () -> occurrences("Archiving channel news\n") >= 2);
        publish("""
                [{"channel": "news", "event": "headline", "data": "after the restart"}]""");
        jar.await("the event after the restart archived", 20, () -> count("data = 'after the restart'") == 1);
        jar.await("the gap closed", 10, () -> rows("SELECT COUNT(*) FROM channel_gaps"
                + " WHERE reason LIKE 'archiver disconnected%' AND ended_at IS NOT NULL AND ended_at > started_at").equals(List.of(List.of("1"))));
        assertThat(rows("SELECT COUNT(*) FROM channel_gaps WHERE ended_at IS NULL")).containsExactly(List.of("0"));
        assertThat(count("source = 'archiver'")).as("each event once").isEqualTo(6);
        assertThat(jar.output()).doesNotContain(SECRET).doesNotContain(MASTER_KEY);
    }

    @Test
    void aClientEventSeenByTheArchiverAndItsWebhookIsOneRowAndTheArchiverAloneVacatesTheChannel() throws Exception {
        try (PresenceMembers members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET, List.of("private-chat|carol"))) {
            jar.awaitOutput("Archiving channel private-chat\n", 20);
            members.trigger("private-chat", "carol", "client-typing", "{\"typing\":true}");
            // Matched, whichever came first: the webhook's source with the archiver frame's key.
            jar.await("the client event matched", 20, () -> count("channel_name = 'private-chat' AND source = 'client_event'"
                    + " AND socket_id IS NOT NULL AND event_key NOT IN (SELECT event_key FROM pusher_data.webhook_events)") == 1);
            assertThat(rows("SELECT seq, event_name, data, source FROM channel_events WHERE channel_name = 'private-chat'"))
                    .containsExactly(List.of("1", "client-typing", "{\"typing\":true}", "client_event"));

            // The last client leaves: soketi sends no channel_vacated while the archiver is there, nor subscription_count
            // webhooks at all, so the count Pusher would send is posted here, signed as Pusher signs.
            members.leave("private-chat", "carol");
            long alone = System.currentTimeMillis();
            String count = "{\"time_ms\":" + alone + ",\"events\":[{\"name\":\"subscription_count\",\"channel\":\"private-chat\","
                    + "\"subscription_count\":1}]}";
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + webhookPort + "/pusher/webhooks")).header("Content-Type", "application/json")
                    .header("X-Pusher-Key", KEY).header("X-Pusher-Signature", WebhookSignature.sign(SECRET, count.getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(count)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            jar.awaitOutput("Archiver left channel private-chat", 20);
            jar.await("soketi's channel_vacated after the archiver left", 20, () -> rows("SELECT COUNT(*) FROM pusher_data.webhook_events"
                    + " WHERE channel_name = 'private-chat' AND event_name = 'channel_vacated' AND data IS NULL").equals(List.of(List.of("1"))));
            assertThat(rows("SELECT DATEDIFF('MILLISECOND', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', vacated_at) - " + alone
                    + ", occupied_at < vacated_at FROM channel_occupancy WHERE channel_name = 'private-chat'"))
                    .as("vacated when the archiver was alone, not when it left").containsExactly(List.of("0", "TRUE"));
        }
    }

    /** The npm `pusher` library in a process of its own, as another server publishing to the app. */
    @Test
    void anEventTheJarPublishesToAnArchivedChannelIsKeptOnceAsPublished() throws Exception {
        try (EventSubscriber listener = EventSubscriber.subscribe(soketi, List.of("early-inbox"))) {
            jar.awaitOutput("Archiving channel early-inbox\n", 20);
            InboxFiles.drop(workDir.resolve("events"), "headline.json", "{\"channel\": \"early-inbox\", \"name\": \"headline\","
                    + " \"data\": \"from the inbox\"}");
            jar.await("the inbox's event kept as published", 30, () -> count("data = 'from the inbox' AND source = 'published'") == 1);
            // One socket gets a channel's events in order: once this later one is archived, the inbox's would have been too.
            publish("[{\"channel\": \"early-inbox\", \"event\": \"headline\", \"data\": \"after the inbox\"}]");
            jar.await("the later event archived", 20, () -> count("data = 'after the inbox' AND source = 'archiver'") == 1);

            assertThat(count("data = 'from the inbox'")).as("sent past the archiver's socket: not archived again").isEqualTo(1);
            assertThat(rows("SELECT socket_id FROM channel_events WHERE data = 'from the inbox'"))
                    .as("the row keeps the socket the event named (none), not the archiver's").containsExactly(java.util.Arrays.asList((String) null));
        }
    }

    private static void publish(String events) throws IOException, InterruptedException {
        Path baseDir = Soketi.baseDir();
        ProcessBuilder pb = new ProcessBuilder("node", baseDir.resolve("e2e/publish.js").toString(), events)
                .directory(baseDir.resolve("e2e").toFile()).redirectErrorStream(true);
        pb.environment().put("PUSHER_HOST", soketi.host());
        pb.environment().put("PUSHER_PORT", Integer.toString(soketi.port()));
        pb.environment().put("PUSHER_APP_ID", APP_ID);
        pb.environment().put("PUSHER_APP_KEY", KEY);
        pb.environment().put("PUSHER_APP_SECRET", SECRET);
        pb.environment().put("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY);
        Process process = pb.start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("publish.js did not end within 20 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as("publish.js").contains("PUBLISHED");
    }

    private static long occurrences(String text) {
        Matcher m = Pattern.compile(Pattern.quote(text)).matcher(jar.output());
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static long count(String where) throws SQLException {
        return Long.parseLong(rows("SELECT COUNT(*) FROM channel_events WHERE " + where).get(0).get(0));
    }

    /** Rows of the jar's H2 file, tables of schema pusher_data. */
    private static List<List<String>> rows(String sql) throws SQLException {
        return H2File.rows(workDir.resolve("data/pusher"), sql.replace("FROM channel_", "FROM pusher_data.channel_"));
    }
}
