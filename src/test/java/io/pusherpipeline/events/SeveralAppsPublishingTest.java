package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pusherpipeline.testing.FakePusher;
import io.pusherpipeline.testing.FakePusher.Delivered;
import io.pusherpipeline.testing.TeeStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code pusher.apps=prod,staging} and no pusher.app-id: each event names its app (or the caller's
 * PusherApp header does) and goes to that app's API, signed with its secret, which each fake checks.
 */
class SeveralAppsPublishingTest extends EventsRouteTestSupport {

    private static final String STAGING_ID = "4343";
    // prod is the shared fake (APP_ID 4242, KEY, SECRET); staging a second one with other credentials.
    private static final FakePusher STAGING = FakePusher.start(STAGING_ID, "staging-key", "staging-secret-canary");

    @Override
    protected Properties routeProperties() {
        Properties p = super.routeProperties();
        p.setProperty("pusher.app-id", "");
        p.setProperty("pusher.apps", "prod,staging");
        app(p, "prod", APP_ID, KEY, SECRET, pusher.port());
        app(p, "staging", STAGING_ID, "staging-key", "staging-secret-canary", STAGING.port());
        return p;
    }

    @Override
    protected List<String> snapshotRoutes() {
        return List.of("pusher-snapshot-prod", "pusher-snapshot-staging");
    }

    private static void app(Properties p, String name, String id, String key, String secret, int port) {
        p.setProperty("pusher.apps." + name + ".app-id", id);
        p.setProperty("pusher.apps." + name + ".app-key", key);
        p.setProperty("pusher.apps." + name + ".app-secret", secret);
        p.setProperty("pusher.apps." + name + ".host", "127.0.0.1");
        p.setProperty("pusher.apps." + name + ".port", Integer.toString(port));
    }

    @AfterEach
    void forgetStaging() {
        STAGING.reset();
    }

    @AfterAll
    static void stopStaging() {
        STAGING.close();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> publish(Object body, Map<String, Object> headers) {
        return template.requestBodyAndHeaders("direct:pusher-publish", body, headers, List.class);
    }

    @Test
    void eachEventOfAFileGoesToItsOwnAppSignedWithItsSecretInBatchesThatDoNotMixApps() throws Exception {
        drop("two-apps.json", """
                [{"app": "prod", "channel": "orders", "name": "a", "data": 1},
                 {"app": "prod", "channel": "orders", "name": "b", "data": 2},
                 {"app": "staging", "channel": "orders", "name": "c", "data": 3},
                 {"app": "prod", "channels": ["orders", "news"], "name": "d", "data": 4}]""");

        await("two-apps.json in .done", () -> Files.exists(done("two-apps.json")));

        assertThat(pusher.requests()).containsExactly("POST /apps/4242/batch_events", "POST /apps/4242/events");
        assertThat(STAGING.requests()).containsExactly("POST /apps/4343/batch_events");
        assertThat(pusher.refusedSignatures()).isEmpty();
        assertThat(STAGING.refusedSignatures()).isEmpty();
        assertThat(pusher.delivered()).containsExactly(new Delivered("orders", "a", "1"), new Delivered("orders", "b", "2"),
                new Delivered("orders", "d", "4"), new Delivered("news", "d", "4"));
        assertThat(STAGING.delivered()).containsExactly(new Delivered("orders", "c", "3"));
        assertThat(rows("SELECT event_name, app_id FROM pusher_data.apps_events ORDER BY event_name")).containsExactly(
                List.of("a", APP_ID), List.of("b", APP_ID), List.of("c", STAGING_ID), List.of("d", APP_ID));
        assertThat(rows("SELECT event_name, channel_name, app_id FROM pusher_data.channel_events ORDER BY event_name, channel_name"))
                .containsExactly(List.of("a", "orders", APP_ID), List.of("b", "orders", APP_ID), List.of("c", "orders", STAGING_ID),
                        List.of("d", "news", APP_ID), List.of("d", "orders", APP_ID));
    }

    @Test
    void anUnknownAppIsRefusedWithTheReasonAndNothingIsSentToAnyApp() throws Exception {
        drop("dev.json", """
                [{"app": "prod", "channel": "orders", "name": "a", "data": 1},
                 {"app": "dev", "channel": "orders", "name": "b", "data": 2}]""");

        await("dev.json in .error", () -> Files.exists(error("dev.json")));

        assertThat(Files.readString(error("dev.json.reason.txt")))
                .contains("event 1, app: \"dev\" is not one of pusher.apps (prod, staging)");
        assertThat(pusher.requests()).isEmpty();
        assertThat(STAGING.requests()).isEmpty();
    }

    @Test
    void withSeveralAppsAndNoPusherAppIdAnEventWithoutAppIsRefusedSayingToAddIt() throws Exception {
        drop("no-app.json", "{\"channel\": \"orders\", \"name\": \"a\", \"data\": 1}");

        await("no-app.json in .error", () -> Files.exists(error("no-app.json")));

        assertThat(Files.readString(error("no-app.json.reason.txt"))).contains("event 0, app: missing: pusher.apps has several"
                + " apps (prod, staging) and pusher.app-id is not set, so each event says which: add \"app\": \"prod\"");
        assertThat(pusher.requests()).isEmpty();
        assertThat(STAGING.requests()).isEmpty();
    }

    @Test
    void thePusherAppHeaderIsTheAppOfEventsThatNameNone() {
        List<Map<String, Object>> outcomes = publish("""
                [{"channel": "orders", "name": "to-staging", "data": 1},
                 {"app": "prod", "channel": "orders", "name": "to-prod", "data": 2}]""",
                Map.of("PusherApp", "staging", PublishSteps.SOURCE_HEADER, "outbox-1"));

        assertThat(outcomes).extracting(o -> o.get("status")).containsExactly("published", "published");
        assertThat(STAGING.delivered()).containsExactly(new Delivered("orders", "to-staging", "1"));
        assertThat(pusher.delivered()).containsExactly(new Delivered("orders", "to-prod", "2"));
        assertThat(STAGING.refusedSignatures()).isEmpty();
        assertThat(pusher.refusedSignatures()).isEmpty();
    }

    @Test
    void theSameEventToTwoAppsUnderOneSourceIsTwoEventsAndEachIsSkippedWhenOfferedAgain() throws Exception {
        String event = "{\"channel\": \"orders\", \"name\": \"e\", \"data\": 1}";
        List<Map<String, Object>> toProd = publish(event, Map.of("PusherApp", "prod", PublishSteps.SOURCE_HEADER, "outbox-2"));
        List<Map<String, Object>> toStaging = publish(event, Map.of("PusherApp", "staging", PublishSteps.SOURCE_HEADER, "outbox-2"));
        List<Map<String, Object>> again = publish(event, Map.of("PusherApp", "staging", PublishSteps.SOURCE_HEADER, "outbox-2"));

        assertThat(toProd).extracting(o -> o.get("status")).containsExactly("published");
        assertThat(toStaging).extracting(o -> o.get("status")).containsExactly("published");
        assertThat(again).extracting(o -> o.get("status")).containsExactly("already-published");
        assertThat(toProd.get(0).get("event_key")).isNotEqualTo(toStaging.get(0).get("event_key"));
        assertThat(pusher.delivered()).hasSize(1);
        assertThat(STAGING.delivered()).hasSize(1);
        assertThat(rows("SELECT app_id FROM pusher_data.apps_events ORDER BY app_id"))
                .containsExactly(List.of(APP_ID), List.of(STAGING_ID));
    }

    @Test
    void whenOneAppRefusesItsCredentialsThePauseNamesThatAppsSettingsAndTheOtherAppsEventsBeforeItAreJournaled() throws Exception {
        STAGING.answer(".*", 401, "Invalid signature");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
        try {
            drop("refused.json", """
                    [{"app": "prod", "channel": "orders", "name": "a", "data": 1},
                     {"app": "staging", "channel": "orders", "name": "b", "data": 2}]""");

            await("the pause", () -> log.toString(StandardCharsets.UTF_8).contains("Publishing PAUSED"));
        } finally {
            System.setErr(stderr);
        }

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("HTTP 401 from /apps/4343/batch_events",
                "check pusher.apps.staging.app-key and pusher.apps.staging.app-secret (PUSHER_APPS_STAGING_APP_KEY,");
        assertThat(Files.exists(inbox.resolve("refused.json"))).as("the file stays in the inbox").isTrue();
        assertThat(rows("SELECT event_name, app_id FROM pusher_data.apps_events")).containsExactly(List.of("a", APP_ID));
    }

    @Test
    void anUnknownPusherAppHeaderIsRefusedBeforeAnythingIsSent() {
        Throwable thrown = catchThrowable(() -> publish("{\"channel\": \"orders\", \"name\": \"e\", \"data\": 1}",
                Map.of("PusherApp", "dev")));

        assertThat(thrown.getCause()).isInstanceOf(RefusedEventsException.class)
                .hasMessageContaining("input, PusherApp header: \"dev\" is not one of pusher.apps (prod, staging)");
        assertThat(pusher.requests()).isEmpty();
        assertThat(STAGING.requests()).isEmpty();
    }
}
