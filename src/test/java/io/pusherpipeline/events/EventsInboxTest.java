package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher.Delivered;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files dropped in the inbox, published to a fake Pusher that verifies every signature. */
class EventsInboxTest extends EventsRouteTestSupport {

    @Test
    void elevenEventsGoOutAsBatchesOfTenAndOneAndTheFileMovesToDone() throws Exception {
        drop("orders.json", events("orders", 11));

        await("orders.json in .done", () -> Files.exists(done("orders.json")));

        assertThat(pusher.requests()).containsExactly("POST /apps/4242/batch_events", "POST /apps/4242/batch_events");
        assertThat(pusher.refusedSignatures()).isEmpty();
        assertThat(pusher.delivered()).containsExactlyElementsOf(
                IntStream.range(0, 11).mapToObj(i -> new Delivered("orders", "e-" + i, "{\"n\":" + i + "}")).toList());
        assertThat(Files.exists(inbox.resolve("orders.json"))).isFalse();
        assertThat(rows("SELECT event_key, app_id, channels, event_name, data_bytes, http_status FROM pusher_data.apps_events"
                + " WHERE event_name = 'e-10'")).singleElement().satisfies(row -> {
                    assertThat((String) row.get(0)).startsWith("orders.json#10#");
                    assertThat(row.subList(1, 6)).containsExactly(APP_ID, "[\"orders\"]", "e-10", 8, 200);
                });
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_events")).containsExactly(List.of(11L));
    }

    @Test
    void aMultiChannelEventGoesAloneThroughEventsAndOrderIsKept() throws Exception {
        drop("mixed.json", """
                [{"channel": "a", "name": "first", "data": "plain text"},
                 {"channels": ["a", "b", "private-c"], "name": "second", "data": {"x": [1, 2]}, "socket_id": "123.456"},
                 {"channel": "b", "name": "third", "data": 3, "info": "subscription_count"}]""");

        await("mixed.json in .done", () -> Files.exists(done("mixed.json")));

        assertThat(pusher.requests()).containsExactly("POST /apps/4242/batch_events", "POST /apps/4242/events",
                "POST /apps/4242/batch_events");
        assertThat(pusher.delivered()).containsExactly(new Delivered("a", "first", "plain text"),
                new Delivered("a", "second", "{\"x\":[1,2]}"), new Delivered("b", "second", "{\"x\":[1,2]}"),
                new Delivered("private-c", "second", "{\"x\":[1,2]}"), new Delivered("b", "third", "3"));
    }

    @Test
    void aFileWithBadEventsIsRefusedWholeWithReasonsAndTheNextFileStillGoesOut() throws Exception {
        drop("a-bad.json", """
                [{"channel": "ok", "name": "fine", "data": "x"},
                 {"channel": "has space", "name": "", "data": "x"},
                 {"channel": "private-encrypted-secret", "name": "e", "data": "x", "socket_id": "abc"}]""");
        drop("b-good.json", "{\"channel\": \"ok\", \"name\": \"fine\", \"data\": \"x\"}");

        await("b-good.json in .done", () -> Files.exists(done("b-good.json")));
        await("a-bad.json in .error", () -> Files.exists(error("a-bad.json")));

        assertThat(pusher.delivered()).containsExactly(new Delivered("ok", "fine", "x"));
        assertThat(Files.readString(error("a-bad.json.reason.txt"))).contains(
                "a-bad.json was refused; none of its events was sent",
                "event 1, channel: \"has space\" may contain only letters",
                "event 1, name: must be 1 to 200 characters, has 0",
                "event 2, channel: \"private-encrypted-secret\" is end-to-end encrypted and no master key is set: set"
                        + " pusher.encryption-master-key (environment variable PUSHER_ENCRYPTION_MASTER_KEY)",
                "event 2, socket_id: must look like \"123.456\"")
                .doesNotContain("event 0");
    }

    @Test
    void malformedJsonIsRefusedSayingWhere() throws Exception {
        drop("broken.json", "[{\"channel\": \"a\",\n \"name\": }]");

        await("broken.json in .error", () -> Files.exists(error("broken.json.reason.txt")) && Files.exists(error("broken.json")));

        assertThat(Files.readString(error("broken.json.reason.txt"))).contains("input, json: not valid JSON", "line 2");
        assertThat(pusher.requests()).isEmpty();
    }

    @Test
    void a503ThenSuccessIsRetriedAndDeliveredOnce() throws Exception {
        pusher.answer(".*/batch_events", 1, 503, "busy", Map.of());
        drop("retry.json", events("orders", 2));

        await("retry.json in .done", () -> Files.exists(done("retry.json")));

        assertThat(pusher.requests()).hasSize(2);
        assertThat(pusher.delivered()).hasSize(2);
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_events")).containsExactly(List.of(2L));
    }

    @Test
    void aFileWaitingForItsRetryKeepsTheNextFileBehindIt() throws Exception {
        pusher.answer(".*/batch_events", 1, 503, "busy", Map.of());
        drop("a-first.json", events("first", 1));
        drop("b-second.json", events("second", 1));

        await("both in .done", () -> Files.exists(done("a-first.json")) && Files.exists(done("b-second.json")));

        assertThat(pusher.delivered()).extracting(Delivered::channel).containsExactly("first", "second");
    }

    @Test
    void a429WaitsAsLongAsRetryAfterSays() throws Exception {
        pusher.answer(".*/batch_events", 1, 429, "slow down", Map.of("Retry-After", "1"));
        long start = System.nanoTime();
        drop("slow.json", events("orders", 1));

        await("slow.json in .done", () -> Files.exists(done("slow.json")));

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).as("Retry-After: 1 was honoured, not the 20 ms backoff").isGreaterThanOrEqualTo(1000);
        assertThat(pusher.delivered()).hasSize(1);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 413})
    void pushersRefusalOfTheContentSetsTheFileAsideWithPushersStatusAndMessage(int status) throws Exception {
        pusher.answer(".*/batch_events", 1, status, "refused by test " + status, Map.of());
        drop("refused.json", events("orders", 1));

        await("refused.json in .error", () -> Files.exists(error("refused.json")));

        assertThat(Files.readString(error("refused.json.reason.txt")))
                .contains("refused.json was refused by Pusher: HTTP " + status + " from POST /apps/4242/batch_events",
                        "Pusher said: refused by test " + status)
                .doesNotContain(SECRET);
        assertThat(pusher.requests()).as("not retried").hasSize(1);
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_events")).containsExactly(List.of(0L));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403})
    void aRefusalOfTheAppPausesPublishingKeepsTheFilesAndResumesByItselfWhenPusherAcceptsAgain(int status) throws Exception {
        pusher.answer(".*/batch_events", 2, status, "refused app", Map.of());
        drop("one.json", events("one", 1));
        drop("two.json", events("two", 1));

        await("two 401s", () -> pusher.requests().size() >= 2);
        assertThat(Files.exists(inbox.resolve("one.json"))).as("kept through the pause").isTrue();
        assertThat(Files.exists(inbox.resolve("two.json"))).as("kept through the pause").isTrue();
        assertThat(pusher.delivered()).isEmpty();

        await("both in .done", () -> Files.exists(done("one.json")) && Files.exists(done("two.json")));
        assertThat(pusher.delivered()).extracting(Delivered::channel).containsExactly("one", "two");
        assertThat(pusher.requests()).as("2 refused, then 1 per file; no file tried while paused before its time")
                .hasSize(4);
        assertThat(Files.exists(inbox.resolve(".error"))).isFalse();
    }

    @Test
    void aPauseInTheMiddleOfAPollTriesOneFileEachRetryInNameOrderAndLosesNone() throws Exception {
        pusher.answer(".*/batch_events", 3, 401, "refused app", Map.of());
        // a.json goes out through /events (one multi-channel event), the others through /batch_events.
        drop("a.json", "{\"channels\": [\"a\", \"a2\"], \"name\": \"e-0\", \"data\": 0}");
        drop("b.json", events("b", 1));
        drop("c.json", events("c", 1));
        drop("d.json", events("d", 1));

        await("three 401s", () -> pusher.requests().size() >= 4);
        assertThat(List.of("b.json", "c.json", "d.json")).as("kept through the pause, after %s", pusher.requests())
                .allMatch(name -> Files.exists(inbox.resolve(name)));
        await("all in .done", () -> List.of("a.json", "b.json", "c.json", "d.json").stream().allMatch(n -> Files.exists(done(n))));

        assertThat(pusher.delivered()).extracting(Delivered::channel).containsExactly("a", "a2", "b", "c", "d");
        assertThat(pusher.requests()).as("a, then b refused 3 times, then b, c, d").hasSize(7);
        List<Long> arrivals = pusher.arrivals();
        for (int i = 2; i <= 4; i++) {
            assertThat((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000).as("one try per pause-retry (1 s)")
                    .isGreaterThanOrEqualTo(900);
        }
        assertThat(Files.exists(inbox.resolve(".error"))).isFalse();
        assertThat(Files.exists(inbox.resolve(".unfinished"))).isFalse();
    }

    @Test
    void aBadFileTakenDuringAPauseIsSetAsideAndTheNextFileWaitsForItsTry() throws Exception {
        pusher.answer(".*/batch_events", 1, 401, "refused app", Map.of());
        drop("b.json", events("b", 1));
        await("the 401", () -> pusher.requests().size() >= 1);
        drop("a-bad.json", "[{\"channel\": \"has space\", \"name\": \"e\", \"data\": 1}]");

        await("b.json in .done", () -> Files.exists(done("b.json")));

        assertThat(error("a-bad.json")).exists();
        assertThat(pusher.requests()).as("the 401, then b.json once").hasSize(2);
        List<Long> arrivals = pusher.arrivals();
        assertThat((arrivals.get(1) - arrivals.get(0)) / 1_000_000).as("b.json waited for its try").isGreaterThanOrEqualTo(900);
    }

    @Test
    void theJournalSkipsWhatPusherAcceptedUnderTheSameNameOnly() throws Exception {
        drop("journal.json", events("j", 3));
        await("first in .done", () -> Files.exists(done("journal.json")));

        // Same name, same events: nothing goes out again.
        drop("journal.json", events("j", 3));
        await("second in .done", () -> Files.notExists(inbox.resolve("journal.json")));
        // Same name, event 1 corrected: only it goes out.
        drop("journal.json", events("j", 3).replace("{\"n\":1}", "{\"n\":100}"));
        await("third in .done", () -> Files.notExists(inbox.resolve("journal.json")));
        // The same events under a new name go out again.
        drop("journal-again.json", events("j", 3));
        await("fourth in .done", () -> Files.exists(done("journal-again.json")));

        assertThat(pusher.delivered()).extracting(Delivered::data).containsExactly(
                "{\"n\":0}", "{\"n\":1}", "{\"n\":2}",
                "{\"n\":100}",
                "{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_events")).containsExactly(List.of(7L));
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
