package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route id in a copy of routes/ renamed (issue 30): the Java finds the snapshot routes and the
 * inbox by the groups their YAML declares, so --once still ends with its snapshot's exit code and
 * leaves the inbox alone, and replicas still run the inbox and the snapshots on one replica each.
 */
class RenamedRoutesIT {

    @RegisterExtension
    static final FakePusher PUSHER = FakePusher.start("94", "rename-key", "rename-secret");
    private static final Pattern ROUTE_ID = Pattern.compile("(?m)^(- route:\\n(?:\\s*#.*\\n)*\\s+id: )([\\w-]+)");

    @TempDir
    Path workDir;

    @Test
    void onceEndsWithItsSnapshotsExitCodeAndPublishesNothing() throws Exception {
        renamedRoutes(workDir);
        Path events = Files.createDirectories(workDir.resolve("events"));
        InboxFiles.drop(events, "order.json", "{\"channel\": \"orders\", \"name\": \"order\", \"data\": {}}");
        PUSHER.members("presence-room", "alice");
        Map<String, String> env = PUSHER.jarEnvironment();
        env.put("PUSHER_EVENTS_DIR", events.toString());

        JarRun.Result loaded = JarRun.run(workDir, env, "--once");

        assertThat(loaded.exitCode()).as(loaded.output()).isZero();
        assertThat(loaded.output()).contains("of app 94 loaded").doesNotContain("renamed-events-inbox");
        assertThat(events.resolve("order.json")).as("--once leaves the inbox alone").exists();
        assertThat(PUSHER.delivered()).isEmpty();

        PUSHER.answer(".*/channels.*", 401, "{\"error\":\"unknown app\"}");
        JarRun.Result failed = JarRun.run(workDir, env, "--once");

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
    }

    @Test
    void replicasStillRunTheRenamedInboxAndSnapshotsOnOneReplicaEach() throws Exception {
        Path events = Files.createDirectories(workDir.resolve("events"));
        Map<String, String> env = PUSHER.jarEnvironment();
        env.put("PUSHER_EVENTS_DIR", events.toString());
        env.put("PUSHER_SNAPSHOT_PERIOD", "2000");
        env.put("PUSHER_CLUSTER_FILE_HEARTBEAT", "1000");
        try (ReplicaFleet fleet = new ReplicaFleet(workDir, env)) {
            for (int r = 1; r <= 2; r++) {
                renamedRoutes(workDir.resolve("replica-" + r));
                fleet.start(ReplicaFleet.freePort()).run().awaitOutput("Replica ", 60);
            }
            String inbox = "holds the lock renamed-events-inbox now: it publishes the files of the events inbox";
            String snapshots = "holds the lock pusher-snapshot now: it takes the snapshots";
            await("a holder of each lock", () -> holders(fleet, inbox) == 1 && holders(fleet, snapshots) == 1, fleet);
            for (int n = 1; n <= 3; n++) {
                InboxFiles.drop(events, "order-" + n + ".json", "{\"channel\": \"orders\", \"name\": \"order-" + n + "\", \"data\": {}}");
            }
            await("the three orders", () -> PUSHER.delivered().size() >= 3, fleet);

            assertThat(PUSHER.delivered()).extracting(FakePusher.Delivered::name).containsExactlyInAnyOrder("order-1", "order-2", "order-3");
            assertThat(holders(fleet, inbox)).isEqualTo(1);
            assertThat(holders(fleet, snapshots)).isEqualTo(1);
            ReplicaFleet.Replica holder = fleet.all().stream().filter(r -> r.run().output().contains(inbox)).findFirst().orElseThrow();
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + holder.managementPort() + "/observe/health/ready?exposureLevel=full&data=true")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.body()).as("readiness names the renamed route's lock").contains("\"lock.renamed-events-inbox\"");
        }
    }

    private static long holders(ReplicaFleet fleet, String line) {
        return fleet.all().stream().filter(r -> r.run().output().contains(line)).count();
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition, ReplicaFleet fleet) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the replicas printed:\n" + fleet.outputs(), e);
        }
    }

    /** routes/ copied into {@code dir}, each route's id {@code pusher-x} renamed {@code renamed-x}. */
    private static void renamedRoutes(Path dir) throws IOException {
        Path source = Path.of(System.getProperty("basedir", ".")).resolve("routes");
        Path target = Files.createDirectories(dir.resolve("routes"));
        int renamed = 0;
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                String edited = ROUTE_ID.matcher(text).replaceAll(m -> m.group(1) + m.group(2).replaceFirst("^pusher-", "renamed-"));
                renamed += edited.equals(text) ? 0 : 1;
                Files.writeString(target.resolve(file.getFileName()), edited);
            }
        }
        assertThat(renamed).as("route files with a renamed route").isGreaterThanOrEqualTo(List.of("inbox", "webhooks", "publish").size());
        assertThat(Files.readString(target.resolve("pusher-events-inbox.yaml"))).contains("id: renamed-events-inbox");
    }
}
