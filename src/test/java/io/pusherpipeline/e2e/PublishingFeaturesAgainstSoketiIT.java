package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pusherpipeline.e2e.EventSubscriber.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar publishing what the official server libraries can, to soketi, while real pusher-js
 * clients listen: encrypted channels (decrypted by pusher-js with the shared secret npm `pusher`'s
 * authorizeChannel returns), events to a signed-in user, and terminating a user's connections.
 */
class PublishingFeaturesAgainstSoketiIT {

    private static final String APP_ID = "4717";
    private static final String KEY = "e2e-key-7";
    private static final String SECRET = "e2e-secret-canary-features";
    /** 32 random bytes, base64; the same key for the jar and the channel authorization. */
    private static final String MASTER_KEY = "q0uCj0VhWYbE2Zp8fW6yN1rT3mJ5sK7dL9aB2cD4eF0=";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(60);

    static Soketi soketi;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startSoketi() {
        soketi = Soketi.start(APP_ID, KEY, SECRET, Map.of("SOKETI_DEFAULT_APP_USER_AUTHENTICATION", "true"));
    }

    @AfterAll
    static void stopSoketi() {
        if (soketi != null) {
            soketi.close();
        }
    }

    @Test
    void aPusherJsClientOnAnEncryptedChannelReceivesThePlaintextOfWhatTheJarPublished() throws Exception {
        try (EventSubscriber subscriber = EventSubscriber.subscribe(soketi, List.of("private-encrypted-plans", "plain"),
                Map.of("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY))) {
            drop("a-secret.json", """
                    [{"channel": "private-encrypted-plans", "name": "plan", "data": {"launch": "Tuesday", "ünïcode": true}},
                     {"channel": "private-encrypted-plans", "name": "note", "data": "plain words, sealed"},
                     {"channels": ["private-encrypted-plans", "plain"], "name": "must-not-arrive", "data": 1}]""");
            drop("b-sealed.json", """
                    [{"channel": "private-encrypted-plans", "name": "plan", "data": {"launch": "Tuesday", "ünïcode": true}},
                     {"channel": "private-encrypted-plans", "name": "note", "data": "plain words, sealed"},
                     {"channel": "plain", "name": "sentinel", "data": "end"}]""");

            JarRun.Running jar = JarRun.start(workDir, env());
            subscriber.await("the sentinel", r -> r.event().equals("sentinel"), 1, DELIVERY_DEADLINE);
            subscriber.await("both sealed events", r -> r.channel().equals("private-encrypted-plans"), 2, DELIVERY_DEADLINE);
            int exit = jar.stop();

            assertThat(subscriber.received()).containsExactly(
                    new Received("private-encrypted-plans", "plan", JSON.readTree("{\"launch\": \"Tuesday\", \"ünïcode\": true}")),
                    new Received("private-encrypted-plans", "note", new TextNode("plain words, sealed")),
                    new Received("plain", "sentinel", new TextNode("end")));
            assertThat(Files.readString(inbox().resolve(".error/a-secret.json.reason.txt"))).contains("event 2, channels[0]:"
                    + " \"private-encrypted-plans\" is end-to-end encrypted, so an event to it goes to that one channel only");
            assertThat(jar.output()).contains("Published b-sealed.json: 3 events").doesNotContain(MASTER_KEY).doesNotContain(SECRET);
            assertThat(exit).as(jar.output()).isEqualTo(143);
        }
    }

    @Test
    void anEventToAUserReachesOnlyThatSignedInUserAndTerminatingDisconnectsThem() throws Exception {
        try (EventSubscriber alice = EventSubscriber.subscribe(soketi, List.of(), Map.of("SUBSCRIBER_SIGNIN_AS", "alice"));
             EventSubscriber bob = EventSubscriber.subscribe(soketi, List.of(), Map.of("SUBSCRIBER_SIGNIN_AS", "bob"))) {
            drop("a-users.json", """
                    [{"user": "alice", "name": "for-alice", "data": {"due": "today"}},
                     {"user": "bob", "name": "sentinel", "data": "end"}]""");

            JarRun.Running jar = JarRun.start(workDir, env());
            bob.await("bob's sentinel", r -> r.event().equals("sentinel"), 1, DELIVERY_DEADLINE);
            alice.await("alice's event", r -> r.event().equals("for-alice"), 1, DELIVERY_DEADLINE);
            drop("b-kick-alice.json", "{\"terminate_user_connections\": \"alice\"}");
            jar.await("b-kick-alice.json done", 60, () -> Files.exists(inbox().resolve(".done/b-kick-alice.json")));
            org.awaitility.Awaitility.await("alice disconnected").atMost(Duration.ofSeconds(30))
                    .until(() -> !alice.states().isEmpty());
            int exit = jar.stop();

            assertThat(alice.received()).containsExactly(new Received("#user", "for-alice", JSON.readTree("{\"due\": \"today\"}")));
            assertThat(bob.received()).as("bob gets only his own").containsExactly(new Received("#user", "sentinel", new TextNode("end")));
            assertThat(alice.states()).as(alice.transcript()).first().isIn("disconnected", "unavailable", "failed");
            assertThat(bob.states()).as("bob stays connected").isEmpty();
            assertThat(jar.output()).contains("Published a-users.json: 2 events",
                    "Terminated the connections of user alice (b-kick-alice.json) -> .done/");
            assertThat(exit).as(jar.output()).isEqualTo(143);
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = soketi.jarEnvironment();
        env.put("PUSHER_SNAPSHOT_PERIOD", "1h");
        env.put("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY);
        return env;
    }

    private Path inbox() {
        return workDir.resolve("events");
    }

    private void drop(String name, String json) {
        InboxFiles.drop(inbox(), name, json);
    }
}
