package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.webhooks.PresenceHistory.Observation;
import io.pusherpipeline.webhooks.PresenceHistory.Occupancy;
import io.pusherpipeline.webhooks.PresenceHistory.Session;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresenceHistoryTest {

    @Test
    void channelVacatedClosesEveryOpenSessionAndTheLateMemberRemovedChangesNothing() {
        PresenceHistory.Stays stays = PresenceHistory.of(events(
                event(100, "channel_occupied", null), event(101, "member_added", "alice"), event(102, "member_added", "bob"),
                event(200, "member_removed", "alice"), event(300, "channel_vacated", null),
                event(301, "member_removed", "bob")));

        assertThat(stays.sessions()).containsExactly(
                new Session("alice", at(101), at(200), "webhook", "webhook"),
                new Session("bob", at(102), at(300), "webhook", "channel_vacated"));
        assertThat(stays.occupancy()).containsExactly(new Occupancy(at(100), at(300), "webhook", "webhook"));
    }

    @Test
    void everyOrderAndEveryRepeatOfTheSameEventsGivesTheSameStays() {
        List<WebhookEvent> inOrder = events(event(100, "channel_occupied", null), event(101, "member_added", "alice"),
                event(150, "member_removed", "alice"), event(160, "member_added", "alice"), event(170, "member_added", "bob"),
                event(300, "channel_vacated", null), event(301, "member_removed", "bob"), event(400, "channel_occupied", null),
                event(401, "member_added", "carol"));
        PresenceHistory.Stays expected = PresenceHistory.of(inOrder);
        for (int seed = 0; seed < 20; seed++) {
            List<WebhookEvent> shuffled = new ArrayList<>(inOrder);
            shuffled.addAll(inOrder.subList(0, seed % inOrder.size()));
            Collections.shuffle(shuffled, new java.util.Random(seed));

            assertThat(PresenceHistory.of(shuffled)).as("seed %d", seed).isEqualTo(expected);
        }
        assertThat(expected.sessions()).extracting(Session::userId, Session::leftAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", at(150)), org.assertj.core.groups.Tuple.tuple("alice", at(300)),
                org.assertj.core.groups.Tuple.tuple("bob", at(300)), org.assertj.core.groups.Tuple.tuple("carol", null));
    }

    @Test
    void atTheSameMillisecondALeaveCountsBeforeAJoin() {
        PresenceHistory.Stays stays = PresenceHistory.of(events(event(100, "member_added", "alice"),
                event(200, "member_added", "alice"), event(200, "member_removed", "alice")));

        assertThat(stays.sessions()).containsExactly(new Session("alice", at(100), at(200), "webhook", "webhook"),
                new Session("alice", at(200), null, "webhook", null));
    }

    @Test
    void aSnapshotOpensTheMembersItListsClosesThoseItDoesNotAndKeepsTheRest() {
        PresenceHistory.Stays stays = PresenceHistory.of(PresenceHistory.Stays.NONE, events(event(100, "channel_occupied", null),
                event(101, "member_added", "alice"), event(102, "member_added", "bob")),
                List.of(seen(1000, 1100, "alice", "carol")));

        assertThat(stays.sessions()).containsExactlyInAnyOrder(
                new Session("bob", at(102), at(1000), "webhook", "snapshot"),
                new Session("alice", at(101), null, "webhook", null),
                new Session("carol", at(1000), null, "snapshot", null));
        assertThat(stays.occupancy()).containsExactly(new Occupancy(at(100), null, "webhook", null));
    }

    @Test
    void aCoveredChannelTheSnapshotDoesNotListIsVacatedWithItsSessionsAndOneItListsIsOccupied() {
        PresenceHistory.Stays vacated = PresenceHistory.of(PresenceHistory.Stays.NONE, events(event(100, "channel_occupied", null),
                event(101, "member_added", "alice")), List.of(new Observation(at(1000), at(1100), Set.of(), false)));
        PresenceHistory.Stays occupied = PresenceHistory.of(PresenceHistory.Stays.NONE, List.of(), List.of(seen(1000, 1100)));

        assertThat(vacated).isEqualTo(new PresenceHistory.Stays(List.of(new Session("alice", at(101), at(1000), "webhook", "snapshot")),
                List.of(new Occupancy(at(100), at(1000), "webhook", "snapshot"))));
        assertThat(occupied).isEqualTo(new PresenceHistory.Stays(List.of(), List.of(new Occupancy(at(1000), null, "snapshot", null))));
    }

    @Test
    void aWebhookInsideTheSnapshotsWindowOrBeforeItWinsOverTheSnapshot() {
        List<WebhookEvent> events = events(event(100, "channel_occupied", null), event(101, "member_added", "alice"),
                event(102, "member_added", "bob"), event(500, "member_removed", "bob"), event(600, "member_added", "carol"),
                event(1050, "member_removed", "alice"), event(1060, "member_added", "dave"));

        PresenceHistory.Stays stays = PresenceHistory.of(PresenceHistory.Stays.NONE, events, List.of(seen(1000, 1100, "alice", "carol")));

        // bob left at 500 and carol came at 600 (before the snapshot): it agrees. alice left at 1050 and dave
        // came at 1060 (while it ran): its verdicts on them cannot be ordered with the exact webhooks, which win.
        assertThat(stays.sessions()).containsExactlyInAnyOrder(
                new Session("bob", at(102), at(500), "webhook", "webhook"),
                new Session("alice", at(101), at(1050), "webhook", "webhook"),
                new Session("carol", at(600), null, "webhook", null),
                new Session("dave", at(1060), null, "webhook", null));
    }

    @Test
    void theRecordedStreamWithSnapshotsGivesTheSameStaysWhateverTheOrderAndRepeatsOfTheDeliveries() throws Exception {
        List<WebhookEvent> recorded = WebhookHistorySuite.recording().stream().flatMap(b -> b.events().stream())
                .filter(e -> e.channel() != null && e.channel().equals("presence-lobby")).toList();
        long start = recorded.stream().mapToLong(WebhookEvent::timeMs).min().orElseThrow();
        // One snapshot misses carol and sees "zed" (lost webhooks), one covers events inside its window, one sees the channel empty.
        List<Observation> observations = List.of(new Observation(at(start + 1000), at(start + 1200), Set.of("alice", "bob", "zed"), true),
                new Observation(at(start + 15_500), at(start + 15_700), Set.of("alice"), true),
                new Observation(at(start + 20_000), at(start + 20_300), Set.of(), false));
        PresenceHistory.Stays expected = PresenceHistory.of(PresenceHistory.Stays.NONE, recorded, observations);
        for (int seed = 0; seed < 30; seed++) {
            List<WebhookEvent> shuffled = new ArrayList<>(recorded);
            shuffled.addAll(recorded.subList(0, seed % recorded.size()));
            Collections.shuffle(shuffled, new java.util.Random(seed));
            List<Observation> seen = new ArrayList<>(observations);
            Collections.shuffle(seen, new java.util.Random(seed));

            assertThat(PresenceHistory.of(PresenceHistory.Stays.NONE, shuffled, seen).sameAs(expected)).as("seed %d", seed).isTrue();
        }
        assertThat(expected.sessions()).filteredOn(s -> s.userId().equals("zed"))
                .extracting(Session::joinedBy, Session::leftBy).containsExactly(org.assertj.core.groups.Tuple.tuple("snapshot", "channel_vacated"));
        assertThat(expected.sessions()).filteredOn(s -> "snapshot".equals(s.leftBy())).extracting(Session::userId).contains("carol");
    }

    @Test
    void eventsThatDoNotShapePresenceDeriveNothing() {
        WebhookBatch batch = WebhookBatch.parse("1", ("{\"time_ms\":5,\"events\":[{\"name\":\"client_event\",\"channel\":"
                + "\"presence-a\",\"event\":\"client-x\",\"data\":\"{}\",\"user_id\":\"u\"},{\"name\":\"cache_miss\",\"channel\":"
                + "\"cache-a\"},{\"name\":\"subscription_count\",\"channel\":\"a\",\"subscription_count\":3},{\"name\":\"new_kind\"}]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(batch.events()).extracting(WebhookEvent::subscriptionCount).containsExactly(null, null, 3);
        assertThat(batch.rejects()).extracting(WebhookReject::index, WebhookReject::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "new_kind"));
        assertThat(PresenceHistory.of(batch.events())).isEqualTo(new PresenceHistory.Stays(List.of(), List.of()));
    }

    @Test
    void theEventKeyDependsOnTheAppTheTimeAndTheEvent() {
        String body = "{\"time_ms\":5,\"events\":[{\"name\":\"member_added\",\"channel\":\"presence-a\",\"user_id\":\"u\"}]}";
        String key = key("1", body);

        assertThat(key).hasSize(64).isEqualTo(key("1", body));
        assertThat(key).isNotEqualTo(key("2", body)).isNotEqualTo(key("1", body.replace("5", "6")))
                .isNotEqualTo(key("1", body.replace("\"u\"", "\"v\"")));
    }

    @Test
    void aBodyOfTheWrongShapeIsRefusedWith400AndItsReason() {
        assertRefused("[]", "wrong_shape", "not a JSON object");
        assertRefused("{\"events\":[]}", "wrong_shape", "time_ms");
        assertRefused("{\"time_ms\":\"soon\",\"events\":[]}", "wrong_shape", "time_ms");
        assertRefused("{\"time_ms\":1,\"events\":{}}", "wrong_shape", "no events list");
        assertRefused("time_ms=1", "not_json", "not JSON");
    }

    @Test
    void eachEventOfTheWrongShapeIsARejectWithTheRuleItBreaksAndTheOthersAreKept() {
        String nul = "x\\u0000y";
        WebhookBatch batch = WebhookBatch.parse("1", ("{\"time_ms\":1,\"events\":[{\"name\":7},"
                + "{\"name\":\"member_added\",\"channel\":\"presence-" + "c".repeat(200) + "\",\"user_id\":\"u\"},"
                + "{\"name\":\"member_removed\",\"channel\":\"presence-a\"},"
                + "{\"name\":\"member_added\",\"channel\":\"presence-a\",\"user_id\":{\"id\":1}},"
                + "{\"name\":\"channel_occupied\"}, 42,"
                + "{\"name\":\"client_event\",\"channel\":\"presence-a\",\"event\":\"client-x\",\"data\":\"" + nul + "\"},"
                + "{\"name\":\"member_added\",\"channel\":\"presence-a\",\"user_id\":\"" + "\\u0000".repeat(400) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(batch.rejects()).extracting(WebhookReject::index, WebhookReject::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "it has no name"),
                org.assertj.core.groups.Tuple.tuple(1, "its channel is longer than 200 characters"),
                org.assertj.core.groups.Tuple.tuple(2, "it is a member event without a user_id"),
                org.assertj.core.groups.Tuple.tuple(3, "its user_id is not a string"),
                org.assertj.core.groups.Tuple.tuple(4, "it has no channel"),
                org.assertj.core.groups.Tuple.tuple(5, "it is not a JSON object"),
                // 400 NULs fit user_id's 1,000 characters as received, not once escaped (6 characters each).
                org.assertj.core.groups.Tuple.tuple(7, "its user_id is longer than 1000 characters"));
        assertThat(batch.events()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("client_event");
            assertThat(io.pusherpipeline.storage.StoredText.read(e.data())).isEqualTo("x\u0000y");
        });
    }

    @Test
    void theKeysOfTheSingleAppAndOfEveryAppOfPusherAppsAreAccepted() {
        Map<String, String> settings = Map.of("pusher.apps", "prod, staging", "pusher.apps.prod.app-id", "1",
                "pusher.apps.prod.app-key", "prod-key", "pusher.apps.prod.app-secret", "prod-secret",
                "pusher.apps.staging.app-id", "2", "pusher.apps.staging.app-key", "staging-key",
                "pusher.apps.staging.app-secret", "staging-secret");
        WebhookApps several = WebhookApps.read(key -> Optional.ofNullable(settings.get(key)));
        WebhookApps single = WebhookApps.read(key -> Optional.ofNullable(Map.of("pusher.app-id", "9",
                "pusher.app-key", "k", "pusher.app-secret", "s").get(key)));

        assertThat(several.byKey("prod-key")).map(WebhookApps.App::id).contains("1");
        assertThat(several.byKey("staging-key")).map(WebhookApps.App::id).contains("2");
        assertThat(several.byKey("k")).isEmpty();
        assertThat(single.byKey("k")).map(WebhookApps.App::id).contains("9");
        assertThat(single.toString()).doesNotContain("s\"").doesNotContain("secret");
    }

    @Test
    void maxBodyReadsSizesInPowersOf1024() {
        assertThat(WebhookReceiver.bytes("1MB")).isEqualTo(1_048_576);
        assertThat(WebhookReceiver.bytes("512 kb")).isEqualTo(524_288);
        assertThat(WebhookReceiver.bytes("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> WebhookReceiver.bytes("a lot")).hasMessageContaining("pusher.webhooks.max-body");
    }

    private static void assertRefused(String body, String outcome, String reason) {
        assertThatThrownBy(() -> WebhookBatch.parse("1", body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.outcome()).isEqualTo(outcome);
                })
                .hasMessageContaining(reason);
    }

    private static String key(String appId, String body) {
        return WebhookBatch.parse(appId, body.getBytes(StandardCharsets.UTF_8)).events().get(0).eventKey();
    }

    private static List<WebhookEvent> events(String... events) {
        List<WebhookEvent> all = new ArrayList<>();
        for (String event : events) {
            all.addAll(WebhookBatch.parse("1", event.getBytes(StandardCharsets.UTF_8)).events());
        }
        return all;
    }

    private static String event(long timeMs, String name, String user) {
        return "{\"time_ms\":" + timeMs + ",\"events\":[{\"name\":\"" + name + "\",\"channel\":\"presence-a\""
                + (user == null ? "" : ",\"user_id\":\"" + user + "\"") + "}]}";
    }

    private static Observation seen(long at, long until, String... members) {
        return new Observation(at(at), at(until), Set.of(members), true);
    }

    private static Instant at(long ms) {
        return Instant.ofEpochMilli(ms);
    }
}
