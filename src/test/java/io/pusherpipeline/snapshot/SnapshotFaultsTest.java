package io.pusherpipeline.snapshot;

import static io.pusherpipeline.snapshot.SnapshotRouteTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Faults a user meets, injected by the fake Pusher: each ends with the load's row saying what happened. */
class SnapshotFaultsTest extends SnapshotRouteTestSupport {

    @Test
    void a503ThenSuccessIsRetriedAndTheSnapshotLoads() throws Exception {
        pusher.members("presence-room", "alice").answer(".*/channels", 1, 503, "busy", Map.of());

        takeSnapshot();

        assertThat(rows("SELECT status, request_count FROM pusher_data.pusher_loads")).containsExactly(row("loaded", 3));
        assertThat(rows("SELECT user_id FROM pusher_data.channels_channel_users")).containsExactly(row("alice"));
    }

    @Test
    void a429WaitsAsLongAsRetryAfterSays() throws Exception {
        pusher.answer(".*/channels", 1, 429, "slow down", Map.of("Retry-After", "1"));

        long start = System.nanoTime();
        takeSnapshot();
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(rows("SELECT status FROM pusher_data.pusher_loads")).containsExactly(row("loaded"));
        assertThat(waitedMillis).as("Retry-After: 1 was honoured, not the 20 ms backoff").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void a500OnAMembersCallAfterEveryRetryFailsTheLoadWithNoRows() throws Exception {
        pusher.channel("orders", 1).members("presence-ok", "alice").members("presence-broken", "bob")
                .answer(".*/presence-broken/users", 500, "internal error");

        takeSnapshot();

        List<List<Object>> loads = rows("SELECT status, request_count, error FROM pusher_data.pusher_loads");
        assertThat(loads).hasSize(1);
        assertThat(loads.get(0).get(0)).isEqualTo("failed");
        assertThat(loads.get(0).get(1)).as("list + 2 members calls + 3 retries").isEqualTo(6);
        assertThat((String) loads.get(0).get(2)).contains("HTTP 500", "presence-broken", "internal error");
        assertThat(rows("SELECT * FROM pusher_data.apps_channels")).isEmpty();
        assertThat(rows("SELECT * FROM pusher_data.channels_channel_users")).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({
        "400, pusher.snapshot.subscription-count",
        "401, auth_timestamp must be within 600 s",
        "403, disabled or over its quota",
        "404, check pusher.app-id",
        "413, too large",
    })
    void aPermanentRefusalIsNotRetriedAndSaysWhatToCheck(int status, String advice) throws Exception {
        pusher.answer(".*/channels", status, "refused by test");

        takeSnapshot();

        List<List<Object>> loads = rows("SELECT status, request_count, error FROM pusher_data.pusher_loads");
        assertThat(loads.get(0).subList(0, 2)).containsExactly("failed", 1);
        assertThat((String) loads.get(0).get(2)).contains("HTTP " + status, advice, "refused by test")
                .doesNotContain(SECRET);
        assertThat(pusher.requests()).hasSize(1);
    }

    @Test
    void aResponseThatNeverCompletesTimesOutIsRetriedAndFailsTheLoad() throws Exception {
        pusher.channel("orders", 1).delay(".*/channels", java.time.Duration.ofSeconds(3));

        takeSnapshot();

        List<List<Object>> loads = rows("SELECT status, request_count, error FROM pusher_data.pusher_loads");
        assertThat(loads.get(0).subList(0, 2)).containsExactly("failed", 4);
        assertThat((String) loads.get(0).get(2)).contains("did not answer in time", "pusher.http.timeout");
    }

    @Test
    void aSoketiStyleErrorInsideA200IsAFailureToo() throws Exception {
        pusher.answer(".*/channels", 200, "{\"error\":\"The secret authentication failed\",\"code\":401}");

        takeSnapshot();

        assertThat((String) rows("SELECT error FROM pusher_data.pusher_loads").get(0).get(0))
                .contains("HTTP 401", "The secret authentication failed");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "not json at all | malformed",
        "{\"channels\":[1,2]} | not an object",
        "[] | an array",
    })
    void anUnexpectedBodySaysWhatWasExpectedAndWhatCame(String body, String label) throws Exception {
        pusher.answer(".*/channels", 200, body);

        takeSnapshot();

        List<List<Object>> loads = rows("SELECT status, error FROM pusher_data.pusher_loads");
        assertThat(loads.get(0).get(0)).isEqualTo("failed");
        assertThat((String) loads.get(0).get(1)).contains("expected", body);
        assertThat(pusher.requests()).as("a malformed answer is not retried").hasSize(1);
    }

    @Test
    void aChannelListThatBreaksOffMidwayFailsTheLoadAndWritesNoneOfItsRows() throws Exception {
        pusher.members("presence-room", "alice");
        StringBuilder body = new StringBuilder("{\"channels\": {\"presence-room\": {}");
        for (int i = 0; i < 500; i++) {
            body.append(", \"public-").append(i).append("\": {\"subscription_count\": 1}");
        }
        pusher.answer(".*/channels", 200, body.append(", \"broken\": {\"subscr").toString());

        takeSnapshot();

        List<List<Object>> loads = rows("SELECT status, error FROM pusher_data.pusher_loads");
        assertThat(loads.get(0).get(0)).isEqualTo("failed");
        assertThat((String) loads.get(0).get(1)).contains("Unexpected answer to GET /channels", "expected an object");
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_channels")).containsExactly(row(0L));
    }
}
