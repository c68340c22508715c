package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pusherpipeline.e2e.EventSubscriber.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar with {@code pusher.apps=prod,staging}, each app a soketi of its own with its own
 * credentials, publishing one inbox file whose events name their app: a real pusher-js subscriber
 * of each app gets its app's events and none of the other's.
 */
class PublishToSeveralAppsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(90);
    // The shared master key: pusher.encryption-master-key serves every app.
    private static final String MASTER_KEY = "q0uCj0VhWYbE2Zp8fW6yN1rT3mJ5sK7dL9aB2cD4eF0=";
    private static final List<String> CHANNELS = List.of("orders", "private-encrypted-plans");

    static Soketi prod;
    static Soketi staging;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startSoketis() {
        prod = Soketi.start("5101", "prod-key", "prod-secret-canary");
        staging = Soketi.start("5102", "staging-key", "staging-secret-canary");
    }

    @AfterAll
    static void stopSoketis() {
        if (prod != null) {
            prod.close();
        }
        if (staging != null) {
            staging.close();
        }
    }

    @Test
    void oneFilesEventsReachTheSubscribersOfTheirOwnAppAndNotTheOthers() throws Exception {
        Map<String, String> key = Map.of("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY);
        try (EventSubscriber ofProd = EventSubscriber.subscribe(prod, CHANNELS, key);
             EventSubscriber ofStaging = EventSubscriber.subscribe(staging, CHANNELS, key)) {
            InboxFiles.drop(workDir.resolve("events"), "both.json", """
                    [{"app": "prod", "channel": "orders", "name": "for-prod", "data": {"n": 1}},
                     {"app": "staging", "channel": "orders", "name": "for-staging", "data": {"n": 2}},
                     {"app": "staging", "channel": "private-encrypted-plans", "name": "sealed-for-staging", "data": "staging only"},
                     {"app": "prod", "channel": "private-encrypted-plans", "name": "sealed-for-prod", "data": "prod only"},
                     {"app": "prod", "channel": "orders", "name": "sentinel", "data": "end"},
                     {"app": "staging", "channel": "orders", "name": "sentinel", "data": "end"}]""");

            JarRun.Running jar = JarRun.start(workDir, env());
            ofProd.await("prod's sentinel", r -> r.event().equals("sentinel"), 1, DELIVERY_DEADLINE);
            ofStaging.await("staging's sentinel", r -> r.event().equals("sentinel"), 1, DELIVERY_DEADLINE);
            ofProd.await("prod's sealed event", r -> r.channel().startsWith("private-encrypted-"), 1, DELIVERY_DEADLINE);
            ofStaging.await("staging's sealed event", r -> r.channel().startsWith("private-encrypted-"), 1, DELIVERY_DEADLINE);
            jar.await("both.json in .done", 30, () -> Files.exists(workDir.resolve("events/.done/both.json")));
            int exit = jar.stop();

            assertThat(ofProd.received()).as("prod's subscriber: prod's events only").containsExactlyInAnyOrder(
                    new Received("orders", "for-prod", JSON.readTree("{\"n\": 1}")),
                    new Received("private-encrypted-plans", "sealed-for-prod", new TextNode("prod only")),
                    new Received("orders", "sentinel", new TextNode("end")));
            assertThat(ofStaging.received()).as("staging's subscriber: staging's events only").containsExactlyInAnyOrder(
                    new Received("orders", "for-staging", JSON.readTree("{\"n\": 2}")),
                    new Received("private-encrypted-plans", "sealed-for-staging", new TextNode("staging only")),
                    new Received("orders", "sentinel", new TextNode("end")));
            assertThat(jar.output()).contains("Published both.json: 6 events").doesNotContain("prod-secret-canary", "staging-secret-canary");
            assertThat(exit).as(jar.output()).isEqualTo(143);
            Path db = workDir.resolve("data/pusher");
            assertThat(H2File.rows(db, "SELECT event_name, app_id FROM pusher_data.apps_events ORDER BY app_id, event_name"))
                    .containsExactly(List.of("for-prod", "5101"), List.of("sealed-for-prod", "5101"), List.of("sentinel", "5101"),
                            List.of("for-staging", "5102"), List.of("sealed-for-staging", "5102"), List.of("sentinel", "5102"));
            assertThat(H2File.rows(db, "SELECT event_name, app_id FROM pusher_data.channel_events ORDER BY app_id, event_name"))
                    .containsExactly(List.of("for-prod", "5101"), List.of("sealed-for-prod", "5101"), List.of("sentinel", "5101"),
                            List.of("for-staging", "5102"), List.of("sealed-for-staging", "5102"), List.of("sentinel", "5102"));
        }
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PUSHER_APPS", "prod,staging");
        env.put("PUSHER_SCHEME", "http");
        env.put("PUSHER_SNAPSHOT_PERIOD", "1h");
        env.put("PUSHER_ENCRYPTION_MASTER_KEY", MASTER_KEY);
        app(env, "PROD", prod);
        app(env, "STAGING", staging);
        return env;
    }

    private static void app(Map<String, String> env, String name, Soketi soketi) {
        env.put("PUSHER_APPS_" + name + "_APP_ID", soketi.appId());
        env.put("PUSHER_APPS_" + name + "_APP_KEY", soketi.appKey());
        env.put("PUSHER_APPS_" + name + "_APP_SECRET", soketi.appSecret());
        env.put("PUSHER_APPS_" + name + "_HOST", soketi.host());
        env.put("PUSHER_APPS_" + name + "_PORT", Integer.toString(soketi.port()));
    }
}
