package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pusher.apps=prod,staging}: one snapshot route per app, rows told apart by app_id, failures kept to their app. */
class SeveralAppsIT {

    private static final FakePusher PROD = FakePusher.start("601", "prod-key", "prod-secret");
    private static final FakePusher STAGING = FakePusher.start("602", "staging-key", "staging-secret");

    @TempDir
    Path workDir;

    @AfterEach
    void forget() {
        PROD.reset();
        STAGING.reset();
    }

    @AfterAll
    static void stop() {
        PROD.close();
        STAGING.close();
    }

    @Test
    void eachAppIsSnapshottedWithItsOwnCredentialsIntoRowsOfItsAppId() throws Exception {
        PROD.channel("orders", 2).members("presence-room", "alice", "bob");
        STAGING.members("presence-room", "tester");

        JarRun.Result run = JarRun.run(workDir, env(), "--once");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("app 601 (prod) at http://127.0.0.1:" + PROD.port(),
                "app 602 (staging) at http://127.0.0.1:" + STAGING.port());
        assertThat(rows("SELECT app_id, status, channel_count, user_count FROM pusher_data.pusher_loads ORDER BY app_id"))
                .containsExactly(List.of("601", "loaded", "2", "2"), List.of("602", "loaded", "1", "1"));
        assertThat(rows("SELECT app_id, channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY app_id, user_id"))
                .containsExactly(List.of("601", "presence-room", "alice"), List.of("601", "presence-room", "bob"),
                        List.of("602", "presence-room", "tester"));
        assertThat(PROD.refusedSignatures()).isEmpty();
        assertThat(STAGING.refusedSignatures()).isEmpty();
    }

    @Test
    void oneAppFailingLeavesTheOthersSnapshotLoadedAndOnceExits1() throws Exception {
        PROD.members("presence-room", "alice");
        STAGING.answer("/apps/602/channels", 403, "over quota");

        JarRun.Result run = JarRun.run(workDir, env(), "--once");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("of app 601 loaded", "of app 602 failed", "HTTP 403");
        assertThat(rows("SELECT app_id, status FROM pusher_data.pusher_loads ORDER BY app_id"))
                .containsExactly(List.of("601", "loaded"), List.of("602", "failed"));
        assertThat(rows("SELECT DISTINCT app_id FROM pusher_data.apps_channels")).containsExactly(List.of("601"));
    }

    @Test
    void aMissingCredentialOfOneAppIsNamedAndExits2() {
        Map<String, String> env = env();
        env.remove("PUSHER_APPS_STAGING_APP_SECRET");

        JarRun.Result run = JarRun.run(workDir, env, "--once");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("Missing Pusher credentials: pusher.apps.staging.app-secret");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PUSHER_APPS", "prod,staging");
        env.put("PUSHER_SCHEME", "http");
        app(env, "PROD", PROD, "601", "prod-key", "prod-secret");
        app(env, "STAGING", STAGING, "602", "staging-key", "staging-secret");
        return env;
    }

    private static void app(Map<String, String> env, String name, FakePusher pusher, String id, String key, String secret) {
        env.put("PUSHER_APPS_" + name + "_APP_ID", id);
        env.put("PUSHER_APPS_" + name + "_APP_KEY", key);
        env.put("PUSHER_APPS_" + name + "_APP_SECRET", secret);
        env.put("PUSHER_APPS_" + name + "_HOST", "127.0.0.1");
        env.put("PUSHER_APPS_" + name + "_PORT", Integer.toString(pusher.port()));
    }

    private List<List<String>> rows(String sql) throws Exception {
        return H2File.rows(workDir.resolve("data/pusher"), sql);
    }
}
