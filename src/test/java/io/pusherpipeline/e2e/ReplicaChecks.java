package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** What a user checks of replicas sharing one database: the loads, the holders of the locks, the inbox, the webhooks. */
final class ReplicaChecks {

    private final TestDatabase db;
    private final String schema;

    ReplicaChecks(TestDatabase db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    void awaitHolders(ReplicaFleet fleet, List<String> locks) {
        await(fleet, "a live replica holding each of " + locks, 60, () -> locks.stream()
                .allMatch(lock -> fleet.holderOf(lock).map(r -> r.run().isAlive()).orElse(false)));
    }

    /** Waits for a replica other than {@code previous}, alive, to hold the lock; returns it. */
    ReplicaFleet.Replica awaitNewHolder(ReplicaFleet fleet, String lock, ReplicaFleet.Replica previous, Duration within) {
        await(fleet, "another replica holding " + lock, (int) within.toSeconds(), () -> fleet.holderOf(lock)
                .filter(r -> r != previous && r.run().isAlive()).isPresent());
        return fleet.holderOf(lock).orElseThrow();
    }

    /** When the lock's holder took it, as it wrote beside the lock. */
    Instant heldSince(String lock, ReplicaFleet fleet) throws Exception {
        return Instant.parse(Files.readAllLines(fleet.lockRoot().resolve(lock + ".holder"), StandardCharsets.UTF_8).get(1));
    }

    void awaitLoaded(ReplicaFleet fleet, String appId, int count, Instant after) {
        await(fleet, count + " loaded snapshots of app " + appId + " after " + after, 60, () -> (Long) db.rows(
                "SELECT COUNT(*) FROM " + schema + ".pusher_loads WHERE app_id = '" + appId + "' AND status = 'loaded'"
                        + " AND started_at > TIMESTAMP WITH TIME ZONE '" + after + "'").get(0).get(0) >= count);
    }

    void awaitRunning(String appId) {
        await(null, "a running load of app " + appId, 10, () -> (Long) db.rows("SELECT COUNT(*) FROM " + schema
                + ".pusher_loads WHERE app_id = '" + appId + "' AND status = 'running'").get(0).get(0) == 1);
    }

    void assertAbandonedLoadFailedBy(String appId, ReplicaFleet.Replica successor, Instant killed) throws Exception {
        List<List<Object>> failed = db.rows("SELECT error FROM " + schema + ".pusher_loads WHERE app_id = '" + appId
                + "' AND status = 'failed'");
        assertThat(failed).hasSize(1);
        assertThat((String) failed.get(0).get(0)).contains("Abandoned: the replica taking it stopped",
                "found by replica", "-" + successor.pid() + " when it took the lock of pusher-snapshot-alpha");
        assertThat(db.rows("SELECT COUNT(*) FROM " + schema + ".pusher_loads WHERE status = 'running'"
                + " AND started_at < TIMESTAMP WITH TIME ZONE '" + killed + "'")).as("loads left running by the killed replica")
                .containsExactly(List.of(0L));
    }

    /** Every load ended before the next began; loaded ones a period apart, never two in one period. */
    void assertNoOverlapAndOneLoadPerPeriod(String appId, Duration period) throws Exception {
        List<List<Object>> loads = db.rows("SELECT started_at, finished_at, status FROM " + schema + ".pusher_loads"
                + " WHERE app_id = '" + appId + "' ORDER BY started_at");
        assertThat(loads).hasSizeGreaterThan(3);
        Instant previousLoaded = null;
        for (int i = 0; i < loads.size(); i++) {
            Instant started = instant(loads.get(i).get(0));
            Instant finished = instant(loads.get(i).get(1));
            assertThat(finished).as("load %d of app %s ended", i, appId).isNotNull();
            if (i + 1 < loads.size()) {
                assertThat(finished).as("load %d of app %s ended before the next began: %s", i, appId, loads)
                        .isBeforeOrEqualTo(instant(loads.get(i + 1).get(0)));
            }
            if ("loaded".equals(loads.get(i).get(2))) {
                if (previousLoaded != null) {
                    assertThat(Duration.between(previousLoaded, started)).as("loaded snapshots of app %s a period apart: %s", appId, loads)
                            .isGreaterThanOrEqualTo(period.minusMillis(500));
                }
                previousLoaded = started;
            }
        }
    }

    void assertEachEventPublishedOnce(Path inbox, int files) throws Exception {
        try (Stream<Path> done = Files.list(inbox.resolve(".done")); Stream<Path> left = Files.list(inbox)) {
            assertThat(done.map(p -> p.getFileName().toString()).sorted()).hasSize(files);
            assertThat(left.filter(p -> p.toString().endsWith(".json"))).isEmpty();
        }
        assertThat(db.rows("SELECT event_name, COUNT(*) FROM " + schema + ".apps_events GROUP BY event_name HAVING COUNT(*) <> 1"))
                .isEmpty();
        assertThat(db.rows("SELECT COUNT(*) FROM " + schema + ".apps_events")).containsExactly(List.of((long) files));
    }

    /**
     * alice, bob (app alpha) and carol (beta) joined; bob left while a replica was dead; then everybody left.
     * Three channels came and went: presence-room and orders (the subscriber's) of alpha, presence-lobby of beta.
     */
    void awaitWebhooks() throws Exception {
        String sql = "SELECT event_name, COUNT(*) FROM " + schema + ".webhook_events GROUP BY event_name ORDER BY event_name";
        List<List<Object>> expected = List.of(List.of("channel_occupied", 3L), List.of("channel_vacated", 3L),
                List.of("member_added", 3L), List.of("member_removed", 3L));
        try {
            await(null, "every member's webhooks stored", 30, () -> db.rows(sql).equals(expected));
        } catch (AssertionError e) {
            assertThat(db.rows(sql)).as("webhook events stored").isEqualTo(expected);
        }
    }

    void assertEachWebhookStoredOnceAndSessionsRight() throws Exception {
        assertThat(db.rows("SELECT app_id, event_name, channel_name, user_id FROM " + schema + ".webhook_events"
                + " WHERE event_name LIKE 'member_%' ORDER BY app_id, user_id, event_name")).containsExactly(
                List.of(ALPHA_ID, "member_added", "presence-room", "alice"), List.of(ALPHA_ID, "member_removed", "presence-room", "alice"),
                List.of(ALPHA_ID, "member_added", "presence-room", "bob"), List.of(ALPHA_ID, "member_removed", "presence-room", "bob"),
                List.of(BETA_ID, "member_added", "presence-lobby", "carol"), List.of(BETA_ID, "member_removed", "presence-lobby", "carol"));
        List<List<Object>> sessions = db.rows("SELECT app_id, user_id, left_at FROM " + schema + ".presence_sessions ORDER BY app_id, user_id");
        assertThat(sessions).extracting(row -> row.get(0) + "/" + row.get(1)).containsExactly(
                ALPHA_ID + "/alice", ALPHA_ID + "/bob", BETA_ID + "/carol");
        assertThat(sessions).allSatisfy(row -> assertThat(row.get(2)).as("closed").isNotNull());
        assertThat(instant(sessions.get(1).get(2))).as("bob left first").isBefore(instant(sessions.get(0).get(2)));
    }

    void assertReadinessNamesTheHolders(ReplicaFleet.Replica replica, String lock) throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + replica.managementPort() + "/observe/health/ready?exposureLevel=full&data=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("pusher-replicas", "\"lock." + lock + "\"", "-" + replica.pid());
    }

    private static final String ALPHA_ID = ReplicasIT.ALPHA;
    private static final String BETA_ID = ReplicasIT.BETA;

    private static Instant instant(Object value) {
        // TestDatabase hands PostgreSQL's timestamps over as Instants.
        return value == null ? null : value instanceof OffsetDateTime t ? t.toInstant() : (Instant) value;
    }

    private static void await(ReplicaFleet fleet, String what, int seconds, Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + Optional.ofNullable(fleet).map(f -> "; the replicas printed:\n" + f.outputs())
                    .orElse(""), e);
        }
    }
}
