package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * channel_events end to end (issue 29), the built jar on PostgreSQL with soketi: events from the inbox
 * on a public, a private and a private-encrypted channel (the ciphertext kept), and a client event
 * that a real pusher-js client sent, reported by soketi's client_event webhook, are each in
 * channel_events once, numbered per channel, even when the file is dropped again.
 */
class ChannelHistoryFromSoketiIT {

    private static final String APP_ID = "4741";
    private static final String KEY = "e2e-history-key";
    private static final String SECRET = "e2e-history-secret-canary";
    private static final String MASTER_KEY = "q0uCj0VhWYbE2Zp8fW6yN1rT3mJ5sK7dL9aB2cD4eF0=";
    private static final String SCHEMA = "pusher_channel_history";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = """
            [{"channel": "news", "name": "headline", "data": {"title": "Snow"}},
             {"channel": "private-orders", "name": "order-created", "data": "42", "socket_id": "123.456"},
             {"channel": "news", "name": "headline", "data": {"title": "Sun"}},
             {"channel": "private-encrypted-plans", "name": "plan", "data": "launch on friday"}]""";

    @TempDir
    static Path workDir;

    static TestDatabase db;
    static Soketi soketi;
    static JarRun.Running jar;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.postgres();
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        int webhookPort = ReplicaFleet.freePort();
        soketi = Soketi.start(APP_ID, KEY, SECRET, Map.of("SOKETI_DEFAULT_APP_WEBHOOKS", WebhookReceivers.soketiWebhooks(webhookPort),
                "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"));
        Map<String, String> env = WebhookReceivers.env(soketi, db, SCHEMA, webhookPort, ReplicaFleet.freePort());
        env.put("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY);
        jar = JarRun.start(workDir, env);
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
    void inboxEventsAndAPusherJsClientEventAreEachInChannelEventsOnce() throws Exception {
        InboxFiles.drop(workDir.resolve("events"), "a-history.json", EVENTS);
        jar.await("a-history.json published", 60, () -> Files.exists(workDir.resolve("events/.done/a-history.json")));
        // The same file again: the journal knows its events, so neither Pusher nor the history gets them twice.
        Files.delete(workDir.resolve("events/.done/a-history.json"));
        InboxFiles.drop(workDir.resolve("events"), "a-history.json", EVENTS);
        jar.await("a-history.json taken again", 60, () -> Files.exists(workDir.resolve("events/.done/a-history.json")));
        try (PresenceMembers members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET, List.of("presence-chat|carol"))) {
            members.trigger("presence-chat", "carol", "client-typing", "{\"typing\":true}");
            jar.await("the client event in channel_events", 20, () -> count("source = 'client_event'") == 1);
        }

        assertThat(db.rows("SELECT channel_name, seq, event_name, data, user_id, socket_id, source FROM " + SCHEMA
                + ".channel_events WHERE channel_name IN ('news', 'private-orders') ORDER BY channel_name, seq")).containsExactly(
                Arrays.asList("news", 1L, "headline", "{\"title\":\"Snow\"}", null, null, "published"),
                Arrays.asList("news", 2L, "headline", "{\"title\":\"Sun\"}", null, null, "published"),
                Arrays.asList("private-orders", 1L, "order-created", "42", null, "123.456", "published"));
        List<Object> sealed = db.rows("SELECT seq, event_name, data FROM " + SCHEMA
                + ".channel_events WHERE channel_name = 'private-encrypted-plans'").get(0);
        assertThat(sealed.subList(0, 2)).containsExactly(1L, "plan");
        assertThat(JSON.readTree((String) sealed.get(2)).fieldNames()).toIterable().containsExactly("nonce", "ciphertext");
        assertThat((String) sealed.get(2)).doesNotContain("friday").doesNotContain(MASTER_KEY);
        List<Object> typed = db.rows("SELECT channel_name, seq, event_name, data, user_id, socket_id FROM " + SCHEMA
                + ".channel_events WHERE source = 'client_event'").get(0);
        assertThat(typed.subList(0, 3)).containsExactly("presence-chat", 1L, "client-typing");
        assertThat(JSON.readTree((String) typed.get(3))).isEqualTo(JSON.readTree("{\"typing\":true}"));
        assertThat(typed.get(4)).isEqualTo("carol");
        assertThat((String) typed.get(5)).as("the client's socket").matches("[0-9]+\\.[0-9]+");
        assertThat(count("1 = 1")).as("each event once").isEqualTo(5);
        assertThat(jar.output()).doesNotContain(MASTER_KEY).doesNotContain(SECRET);
    }

    private static long count(String where) throws Exception {
        return ((Number) db.rows("SELECT COUNT(*) FROM " + SCHEMA + ".channel_events WHERE " + where).get(0).get(0)).longValue();
    }
}
