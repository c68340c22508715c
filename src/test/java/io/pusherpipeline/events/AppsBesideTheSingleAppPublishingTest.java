package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import io.pusherpipeline.testing.FakePusher.Delivered;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** pusher.app-id kept and {@code pusher.apps=staging} added: events without app still go to the app of pusher.app-id. */
class AppsBesideTheSingleAppPublishingTest extends EventsRouteTestSupport {

    private static final FakePusher STAGING = FakePusher.start("4344", "staging-key", "staging-secret-canary");

    @Override
    protected Properties routeProperties() {
        Properties p = super.routeProperties();
        p.setProperty("pusher.apps", "staging");
        p.setProperty("pusher.apps.staging.app-id", "4344");
        p.setProperty("pusher.apps.staging.app-key", "staging-key");
        p.setProperty("pusher.apps.staging.app-secret", "staging-secret-canary");
        p.setProperty("pusher.apps.staging.host", "127.0.0.1");
        p.setProperty("pusher.apps.staging.port", Integer.toString(STAGING.port()));
        return p;
    }

    @Override
    protected List<String> snapshotRoutes() {
        return List.of("pusher-snapshot-staging");
    }

    @AfterEach
    void forgetStaging() {
        STAGING.reset();
    }

    @AfterAll
    static void stopStaging() {
        STAGING.close();
    }

    @Test
    void anEventWithoutAppGoesToThePusherAppIdAppAndOneNamingStagingToStaging() throws Exception {
        drop("mixed.json", """
                [{"channel": "orders", "name": "as-before", "data": 1},
                 {"app": "staging", "channel": "orders", "name": "to-staging", "data": 2}]""");

        await("mixed.json in .done", () -> Files.exists(done("mixed.json")));

        assertThat(pusher.requests()).containsExactly("POST /apps/4242/batch_events");
        assertThat(pusher.delivered()).containsExactly(new Delivered("orders", "as-before", "1"));
        assertThat(STAGING.requests()).containsExactly("POST /apps/4344/batch_events");
        assertThat(STAGING.delivered()).containsExactly(new Delivered("orders", "to-staging", "2"));
        assertThat(pusher.refusedSignatures()).isEmpty();
        assertThat(STAGING.refusedSignatures()).isEmpty();
        assertThat(rows("SELECT event_name, app_id FROM pusher_data.apps_events ORDER BY event_name"))
                .containsExactly(List.of("as-before", APP_ID), List.of("to-staging", "4344"));
    }
}
