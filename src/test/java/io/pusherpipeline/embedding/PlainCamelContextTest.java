package io.pusherpipeline.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.apps.SnapshotRoutes;
import io.pusherpipeline.testing.FakePusher;
import io.pusherpipeline.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged routes ({@code classpath:routes/pusher-*.yaml}) in a plain DefaultCamelContext, with
 * no Camel Main: what a runtime that only loads route files gets. Its defaults come from the
 * packaged {@code pusher-pipeline/application.properties}.
 */
class PlainCamelContextTest {

    private static final FakePusher PUSHER = FakePusher.start("501", "plain-key", "plain-secret");

    @AfterAll
    static void stop() {
        PUSHER.close();
    }

    @Test
    void theRoutesLoadedIntoAPlainContextTakeASnapshotIntoH2() throws Exception {
        PUSHER.channel("orders", 2).members("presence-room", "alice", "bob");
        TestDatabase db = TestDatabase.h2();
        Properties settings = new Properties();
        settings.setProperty("pusher.app-id", "501");
        settings.setProperty("pusher.app-key", "plain-key");
        settings.setProperty("pusher.app-secret", "plain-secret");
        settings.setProperty("pusher.scheme", "http");
        settings.setProperty("pusher.host", "127.0.0.1");
        settings.setProperty("pusher.port", Integer.toString(PUSHER.port()));
        settings.setProperty("pusher.jdbc.url", db.url());
        settings.setProperty("pusher.snapshot.once", "true");

        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:pusher-pipeline/application.properties");
            context.getPropertiesComponent().setOverrideProperties(settings);
            // What Camel Main reads from the camel.* keys of those defaults, a plain context is given by hand.
            context.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder("pusherHttpPool")
                    .poolSize(8).maxPoolSize(8).maxQueueSize(-1).build());
            HttpComponent http = context.getComponent("http", HttpComponent.class);
            http.setAutomaticRetriesDisabled(true);
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getPackageScanResourceResolver(context).findResources("classpath:routes/pusher-*.yaml")
                            .toArray(new org.apache.camel.spi.Resource[0]));
            // What camel.main.routes-builder-classes does under Camel Main: one snapshot route per app.
            SnapshotRoutes snapshotRoutes = new SnapshotRoutes();
            context.addRoutes(snapshotRoutes);
            snapshotRoutes.addTemplatedRoutesToCamelContext(context);
            context.start();

            awaitLoadEnded(db);
        }

        assertThat(db.rows("SELECT app_id, status, channel_count, user_count, request_count FROM pusher_data.pusher_loads"))
                .containsExactly(List.of("501", "loaded", 2, 2, 2));
        assertThat(db.rows("SELECT channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY user_id"))
                .containsExactly(List.of("presence-room", "alice"), List.of("presence-room", "bob"));
        assertThat(PUSHER.refusedSignatures()).isEmpty();
    }

    private static void awaitLoadEnded(TestDatabase db) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String sql = "SELECT COUNT(*) FROM pusher_data.pusher_loads WHERE status <> 'running'";
        while (!tablesExist(db) || ((Number) db.rows(sql).get(0).get(0)).longValue() == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no load ended within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static boolean tablesExist(TestDatabase db) throws Exception {
        return !db.rows("SELECT table_name FROM information_schema.tables WHERE LOWER(table_name) = 'pusher_loads'").isEmpty();
    }
}
