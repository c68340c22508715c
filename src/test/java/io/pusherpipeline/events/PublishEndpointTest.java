package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pusherpipeline.api.PusherApiException;
import io.pusherpipeline.testing.FakePusher.Delivered;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code direct:pusher-publish} as another route uses it: what it takes, replies and raises. */
class PublishEndpointTest extends EventsRouteTestSupport {

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> publish(Object body, String source) {
        return template.requestBodyAndHeader("direct:pusher-publish", body, PublishSteps.SOURCE_HEADER, source, List.class);
    }

    @Test
    void repliesOneOutcomePerEventAndSkipsWhatWasAcceptedUnderTheSameSource() {
        List<Map<String, Object>> first = publish(List.of(Map.of("channel", "a", "name", "e", "data", Map.of("id", 42)),
                Map.of("channels", List.of("a", "b"), "name", "f", "data", "hi")), "outbox-42");
        List<Map<String, Object>> again = publish("[{\"channel\":\"a\",\"name\":\"e\",\"data\":{\"id\":42}},"
                + "{\"channels\":[\"a\",\"b\"],\"name\":\"f\",\"data\":\"hi\"}]", "outbox-42");

        assertThat(first).extracting(o -> o.get("index"), o -> o.get("status"), o -> o.get("http_status"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "published", 200),
                        org.assertj.core.groups.Tuple.tuple(1, "published", 200));
        assertThat((String) first.get(0).get("event_key")).startsWith("outbox-42#0#");
        assertThat(again).extracting(o -> o.get("status")).containsExactly("already-published", "already-published");
        assertThat(pusher.delivered()).containsExactly(new Delivered("a", "e", "{\"id\":42}"),
                new Delivered("a", "f", "hi"), new Delivered("b", "f", "hi"));
    }

    @Test
    void withoutASourceEveryCallIsNew() {
        String event = "{\"channel\":\"a\",\"name\":\"e\",\"data\":1}";
        template.requestBody("direct:pusher-publish", event);
        template.requestBody("direct:pusher-publish", event);

        assertThat(pusher.delivered()).hasSize(2);
    }

    @Test
    void badInputRaisesRefusedEventsExceptionListingEveryProblemAndSendsNothing() {
        Throwable thrown = catchThrowable(() -> publish("[{\"channel\":\"a\",\"name\":\"e\",\"data\":1},{\"channel\":\"a b\",\"data\":1}]", "bad"));

        assertThat(thrown.getCause()).isInstanceOf(RefusedEventsException.class)
                .hasMessageContaining("event 1, channel: \"a b\" may contain only")
                .hasMessageContaining("event 1, name: missing");
        assertThat(pusher.requests()).isEmpty();
    }

    @Test
    void pushersRefusalRaisesPusherApiExceptionWithItsStatusAndMessage() {
        pusher.answer(".*/events", 403, "Application disabled");

        Throwable thrown = catchThrowable(() -> publish("{\"channels\":[\"a\",\"b\"],\"name\":\"e\",\"data\":1}", "x"));

        assertThat(thrown.getCause()).isInstanceOfSatisfying(PusherApiException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.said()).isEqualTo("Application disabled");
            assertThat(e.path()).isEqualTo("/apps/4242/events");
        });
    }

    @Test
    void aSoketiStyleErrorInsideA200IsARefusalToo() {
        pusher.answer(".*/batch_events", 200, "{\"error\":\"The data content of this event exceeds the allowed maximum\",\"code\":413}");

        Throwable thrown = catchThrowable(() -> publish("{\"channel\":\"a\",\"name\":\"e\",\"data\":1}", "y"));

        assertThat(thrown.getCause()).isInstanceOfSatisfying(PusherApiException.class, e -> assertThat(e.status()).isEqualTo(413));
    }
}
