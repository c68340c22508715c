package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher.Delivered;
import java.util.List;
import java.util.Map;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** {@code kamelets/pusher-event-sink.kamelet.yaml} in a YAML route, beside the pipeline's routes, publishing to the fake Pusher. */
class EventSinkKameletTest extends EventsRouteTestSupport {

    private static final String ROUTE = """
            - route:
                id: orders-to-pusher
                from:
                  uri: direct:orders
                  steps:
                    - to:
                        uri: kamelet:pusher-event-sink
                        parameters:
                          source: "order-${header.orderId}"
            """;

    @Test
    @SuppressWarnings("unchecked")
    void aRouteToTheSinkPublishesItsEventsAndTheSameSourceIsNotPublishedTwice() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("orders.yaml", ROUTE));
        String event = "{\"channel\":\"orders\",\"name\":\"order-created\",\"data\":{\"id\":7}}";

        List<Map<String, Object>> first = template.requestBodyAndHeader("direct:orders", event, "orderId", 7, List.class);
        List<Map<String, Object>> again = template.requestBodyAndHeader("direct:orders", event, "orderId", 7, List.class);

        assertThat(first).extracting(o -> o.get("status")).containsExactly("published");
        assertThat((String) first.get(0).get("event_key")).startsWith("order-7#0#");
        assertThat(again).extracting(o -> o.get("status")).containsExactly("already-published");
        assertThat(pusher.delivered()).containsExactly(new Delivered("orders", "order-created", "{\"id\":7}"));
        assertThat(pusher.refusedSignatures()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutASourceEveryMessageIsNew() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("plain.yaml", """
                - route:
                    id: plain-to-pusher
                    from:
                      uri: direct:plain
                      steps:
                        - to: kamelet:pusher-event-sink
                """));
        String event = "{\"channel\":\"a\",\"name\":\"e\",\"data\":1}";

        template.requestBody("direct:plain", event, List.class);
        template.requestBody("direct:plain", event, List.class);

        assertThat(pusher.delivered()).hasSize(2);
    }
}
