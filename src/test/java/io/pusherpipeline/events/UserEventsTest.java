package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pusherpipeline.api.PusherApiException;
import io.pusherpipeline.testing.FakePusher.Delivered;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Events to one user, and terminating a user's connections, against the fake Pusher that checks every signature. */
class UserEventsTest extends EventsRouteTestSupport {

    @Test
    void anEventWithUserGoesToThatUsersChannelThroughEventsAndIsJournaled() throws Exception {
        drop("to-alice.json", """
                [{"user": "alice", "name": "reminder", "data": {"due": "today"}},
                 {"channel": "news", "name": "headline", "data": "x"}]""");

        await("to-alice.json in .done", () -> Files.exists(done("to-alice.json")));

        assertThat(pusher.requests()).containsExactly("POST /apps/4242/events", "POST /apps/4242/batch_events");
        assertThat(pusher.delivered()).containsExactly(new Delivered("#server-to-user-alice", "reminder", "{\"due\":\"today\"}"),
                new Delivered("news", "headline", "x"));
        assertThat(pusher.refusedSignatures()).isEmpty();
        assertThat(rows("SELECT channels FROM pusher_data.apps_events WHERE event_name = 'reminder'"))
                .containsExactly(List.of("[\"#server-to-user-alice\"]"));
    }

    @Test
    void terminatingAUserFromAHeaderOrTheBodyPostsAnEmptyObjectAndReplies() {
        Object fromHeader = template.requestBodyAndHeader("direct:pusher-terminate-user", null, UserTermination.USER_HEADER, "alice");
        Object fromBody = template.requestBody("direct:pusher-terminate-user", "bob");

        assertThat(fromHeader).isEqualTo(Map.of("user_id", "alice", "status", "terminated", "http_status", 200));
        assertThat(fromBody).isEqualTo(Map.of("user_id", "bob", "status", "terminated", "http_status", 200));
        assertThat(pusher.requests()).containsExactly("POST /apps/4242/users/alice/terminate_connections",
                "POST /apps/4242/users/bob/terminate_connections");
        assertThat(pusher.terminated()).containsExactly("alice", "bob");
        assertThat(pusher.refusedSignatures()).isEmpty();
    }

    @Test
    void anInboxFileCanTerminateAUsersConnections() throws Exception {
        drop("kick-carol.json", "{\"terminate_user_connections\": \"carol\"}");

        await("kick-carol.json in .done", () -> Files.exists(done("kick-carol.json")));

        assertThat(pusher.terminated()).containsExactly("carol");
        assertThat(pusher.delivered()).isEmpty();
    }

    @Test
    void aBadUserIdIsRefusedWithItsRuleAndNothingIsSent() throws Exception {
        Throwable thrown = catchThrowable(() -> template.requestBody("direct:pusher-terminate-user", "auth0|42"));
        drop("kick-bad.json", "{\"terminate_user_connections\": \"has space\"}");

        await("kick-bad.json in .error", () -> Files.exists(error("kick-bad.json.reason.txt")) && Files.exists(error("kick-bad.json")));

        assertThat(thrown.getCause()).isInstanceOf(RefusedEventsException.class).hasMessageContaining(
                "user: \"auth0|42\" may contain only letters, digits and - _ = @ , . ; (and is not empty)");
        assertThat(Files.readString(error("kick-bad.json.reason.txt"))).contains("user: \"has space\" may contain only letters");
        assertThat(pusher.requests()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403, 404})
    void pushersRefusalOfTheAppRaisesPusherApiExceptionAndAnInboxFileWaits(int status) throws Exception {
        pusher.answer(".*/terminate_connections", status, "refused app");

        Throwable thrown = catchThrowable(() -> template.requestBody("direct:pusher-terminate-user", "dave"));
        drop("kick-dave.json", "{\"terminate_user_connections\": \"dave\"}");
        await("a second try of kick-dave.json", () -> pusher.requests().size() >= 3);

        assertThat(thrown.getCause()).isInstanceOfSatisfying(PusherApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.path()).isEqualTo("/apps/4242/users/dave/terminate_connections");
        });
        assertThat(Files.exists(inbox.resolve("kick-dave.json"))).as("kept in the inbox while paused").isTrue();
        assertThat(pusher.terminated()).isEmpty();
    }
}
