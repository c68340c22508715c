package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three jar processes with pusher.cluster=file on one lock folder, one PostgreSQL, soketi with two apps
 * whose webhooks go to all three receivers: each app's snapshots and the inbox run on one replica at a
 * time; a replica killed with SIGKILL in the middle of a snapshot is taken over within the documented
 * bound, and one stopped gracefully hands over at its successor's next look.
 */
class ReplicasIT {

    static final String ALPHA = "5101";
    static final String BETA = "5102";
    static final String SCHEMA = "pusher_replicas";
    static final Duration PERIOD = Duration.ofSeconds(3);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final int MISSED_HEARTBEATS = 2;
    /** (missed-heartbeats + 1) x heartbeat, as docs/replicas.md gives it. */
    static final Duration TAKEOVER_BOUND = HEARTBEAT.multipliedBy(MISSED_HEARTBEATS + 1);

    @TempDir
    Path workDir;

    @Test
    void theReplicasShareTheWorkAndTakeOverFromOneKilledMidSnapshot() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        ReplicaChecks checks = new ReplicaChecks(db, SCHEMA);
        int[] receivers = {ReplicaFleet.freePort(), ReplicaFleet.freePort(), ReplicaFleet.freePort()};
        Path events = Files.createDirectories(workDir.resolve("events"));
        try (Soketi soketi = Soketi.start(ALPHA, "alpha-key", "alpha-secret", Map.of(), soketiApps(receivers));
             HoldingProxy proxy = HoldingProxy.to(soketi);
             ReplicaFleet fleet = new ReplicaFleet(workDir, env(soketi, proxy, db, events))) {
            for (int port : receivers) {
                fleet.start(port);
            }
            for (ReplicaFleet.Replica replica : fleet.all()) {
                replica.run().awaitOutput("Replica ", 60);
            }
            checks.awaitHolders(fleet, List.of("pusher-snapshot-alpha", "pusher-snapshot-beta", "pusher-events-inbox"));
            try (EventSubscriber subscriber = EventSubscriber.subscribe(soketi, List.of("orders"));
                 PresenceMembers alphaMembers = PresenceMembers.join(soketi, ALPHA, "alpha-key", "alpha-secret",
                         List.of("presence-room|alice", "presence-room|bob"));
                 PresenceMembers betaMembers = PresenceMembers.join(soketi, BETA, "beta-key", "beta-secret",
                         List.of("presence-lobby|carol"))) {
                for (int n = 1; n <= 3; n++) {
                    InboxFiles.drop(events, "order-" + n + ".json", order(n));
                }
                subscriber.await("orders 1 to 3", r -> r.event().startsWith("order-"), 3, Duration.ofSeconds(30));
                checks.awaitLoaded(fleet, ALPHA, 3, Instant.now());

                // SIGKILL the holder of alpha's lock while its snapshot waits for Pusher: its load stays running.
                ReplicaFleet.Replica victim = fleet.holderOf("pusher-snapshot-alpha").orElseThrow();
                proxy.holdNext("/apps/" + ALPHA + "/channels");
                assertThat(proxy.awaitHolding((int) PERIOD.toSeconds() * 2)).as("a snapshot of alpha in flight").isTrue();
                checks.awaitRunning(ALPHA);
                Instant killed = Instant.now();
                victim.run().kill();
                for (int n = 4; n <= 6; n++) {
                    InboxFiles.drop(events, "order-" + n + ".json", order(n));
                }
                alphaMembers.leave("presence-room", "bob");

                ReplicaFleet.Replica successor = checks.awaitNewHolder(fleet, "pusher-snapshot-alpha", victim, Duration.ofSeconds(20));
                Duration takeover = Duration.between(killed, checks.heldSince("pusher-snapshot-alpha", fleet));
                System.out.println("ReplicasIT: SIGKILL -> lock taken over in " + takeover.toMillis() + " ms (bound "
                        + TAKEOVER_BOUND.toMillis() + " ms)");
                assertThat(takeover).as("takeover after SIGKILL").isLessThanOrEqualTo(TAKEOVER_BOUND.plusSeconds(1));
                subscriber.await("orders 1 to 6", r -> r.event().startsWith("order-"), 6, Duration.ofSeconds(30));
                checks.awaitLoaded(fleet, ALPHA, 2, killed);
                checks.assertAbandonedLoadFailedBy(ALPHA, successor, killed);

                // SIGTERM the new holder: the last replica takes over at its next look, one heartbeat.
                Instant stopping = Instant.now();
                successor.run().stop();
                ReplicaFleet.Replica last = checks.awaitNewHolder(fleet, "pusher-snapshot-alpha", successor, Duration.ofSeconds(10));
                Duration handover = Duration.between(stopping, checks.heldSince("pusher-snapshot-alpha", fleet));
                System.out.println("ReplicasIT: SIGTERM -> lock handed over in " + handover.toMillis() + " ms");
                checks.awaitLoaded(fleet, ALPHA, 2, Instant.now());
                checks.assertReadinessNamesTheHolders(last, "pusher-snapshot-alpha");

                assertThat(subscriber.received()).extracting(EventSubscriber.Received::event)
                        .containsExactlyInAnyOrder("order-1", "order-2", "order-3", "order-4", "order-5", "order-6");
            }
            checks.awaitWebhooks();
            String show = JarRun.run(workDir.resolve("replica-1"), fleet.showEnvironment(), "show").output();
            assertThat(show).contains("Locks of the replicas (pusher.cluster=file", "pusher-snapshot-alpha", "pusher-events-inbox");
            fleet.close();

            checks.assertNoOverlapAndOneLoadPerPeriod(ALPHA, PERIOD);
            checks.assertNoOverlapAndOneLoadPerPeriod(BETA, PERIOD);
            checks.assertEachEventPublishedOnce(events, 6);
            checks.assertEachWebhookStoredOnceAndSessionsRight();
            assertThat(fleet.outputs()).doesNotContain("alpha-secret", "beta-secret");
        }
    }

    @Test
    void theKubernetesClusterWithoutTheKubernetesClientExitsTwoAndSaysHowToAddIt() throws Exception {
        Path app = Files.createDirectories(workDir.resolve("app"));
        Path lib = Files.createDirectories(app.resolve("lib"));
        Files.copy(JarRun.jar(), app.resolve("pusher-pipeline.jar"));
        try (java.util.stream.Stream<Path> jars = Files.list(JarRun.jar().resolveSibling("lib"))) {
            for (Path jar : jars.filter(p -> !p.getFileName().toString().startsWith("camel-kubernetes")).toList()) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
            }
        }

        JarRun.Result run = JarRun.run(app.resolve("pusher-pipeline.jar"), workDir, Map.of("PUSHER_APP_ID", "1",
                "PUSHER_APP_KEY", "k", "PUSHER_APP_SECRET", "s", "PUSHER_CLUSTER", "kubernetes"));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("pusher.cluster=kubernetes needs the Kubernetes client", "-Pkubernetes");
    }

    private Map<String, String> env(Soketi soketi, HoldingProxy proxy, TestDatabase db, Path events) {
        Map<String, String> env = new HashMap<>(soketi.jarEnvironment());
        env.put("PUSHER_APP_KEY", "alpha-key");
        env.put("PUSHER_APP_SECRET", "alpha-secret");
        env.put("PUSHER_APPS", "alpha,beta");
        app(env, "ALPHA", ALPHA, "alpha", proxy.port());
        app(env, "BETA", BETA, "beta", soketi.port());
        env.put("PUSHER_JDBC_URL", db.url());
        env.put("PUSHER_JDBC_USER", db.user());
        env.put("PUSHER_JDBC_PASSWORD", db.password());
        env.put("PUSHER_JDBC_SCHEMA", SCHEMA);
        env.put("PUSHER_EVENTS_DIR", events.toString());
        env.put("PUSHER_SNAPSHOT_PERIOD", PERIOD.toMillis() + "");
        env.put("PUSHER_CLUSTER_FILE_HEARTBEAT", HEARTBEAT.toMillis() + "");
        env.put("PUSHER_CLUSTER_FILE_MISSED_HEARTBEATS", Integer.toString(MISSED_HEARTBEATS));
        return env;
    }

    private static void app(Map<String, String> env, String name, String id, String prefix, int port) {
        env.put("PUSHER_APPS_" + name + "_APP_ID", id);
        env.put("PUSHER_APPS_" + name + "_APP_KEY", prefix + "-key");
        env.put("PUSHER_APPS_" + name + "_APP_SECRET", prefix + "-secret");
        env.put("PUSHER_APPS_" + name + "_HOST", "127.0.0.1");
        env.put("PUSHER_APPS_" + name + "_PORT", Integer.toString(port));
    }

    /** soketi's two apps, each posting its webhooks to the three receivers. */
    private Path soketiApps(int[] receivers) throws Exception {
        StringBuilder hooks = new StringBuilder();
        for (int port : receivers) {
            hooks.append(hooks.length() == 0 ? "" : ",").append("{\"url\":\"http://127.0.0.1:").append(port)
                    .append("/pusher/webhooks\",\"event_types\":[\"channel_occupied\",\"channel_vacated\",\"member_added\",\"member_removed\"]}");
        }
        String apps = "{\"appManager.array.apps\": [" + soketiApp(ALPHA, "alpha", hooks) + "," + soketiApp(BETA, "beta", hooks) + "]}";
        return Files.writeString(workDir.resolve("soketi.json"), apps);
    }

    private static String soketiApp(String id, String prefix, CharSequence hooks) {
        return "{\"id\":\"" + id + "\",\"key\":\"" + prefix + "-key\",\"secret\":\"" + prefix + "-secret\",\"maxConnections\":-1,"
                + "\"enableClientMessages\":false,\"enabled\":true,\"maxBackendEventsPerSecond\":-1,\"maxClientEventsPerSecond\":-1,"
                + "\"maxReadRequestsPerSecond\":-1,\"webhooks\":[" + hooks + "]}";
    }

    private static String order(int n) {
        return "{\"channel\": \"orders\", \"name\": \"order-" + n + "\", \"data\": {\"n\": " + n + "}}";
    }
}
