package io.pusherpipeline.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.testing.FakePusher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kamelets/pusher-snapshot-source.kamelet.yaml} used as a Camel JBang or Kaoto user writes it: a YAML route from the Kamelet. */
class SnapshotSourceKameletTest {

    // Reset after each test, stopped after the last.
    @RegisterExtension
    static final FakePusher PUSHER = FakePusher.start("503", "kamelet-key", "kamelet-secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRouteFromTheSourceGetsEachSnapshotAsOneJsonMessageWithPresenceMembers() throws Exception {
        PUSHER.channel("orders", 3).channel("private-billing", 1).members("presence-room", "alice", "bob");

        JsonNode snapshot = firstSnapshot("""
                        appSecret: "kamelet-secret"
                """);

        assertThat(snapshot.get("app_id").asText()).isEqualTo("503");
        assertThat(snapshot.get("snapshot_at").asText()).endsWith("Z");
        List<String> channels = new ArrayList<>();
        for (JsonNode c : snapshot.get("channels")) {
            channels.add(c.get("channel_name").asText() + " " + c.get("channel_type").asText() + " "
                    + c.get("subscription_count") + " " + c.get("user_count") + " " + c.get("user_ids"));
        }
        assertThat(channels).containsExactlyInAnyOrder(
                "orders public 3 null null",
                "private-billing private 1 null null",
                "presence-room presence 2 2 [\"alice\",\"bob\"]");
        assertThat(PUSHER.requests()).hasSize(2);
        assertThat(PUSHER.refusedSignatures()).isEmpty();
    }

    @Test
    void withUsersFalseItSendsOneRequestAndNoMembers() throws Exception {
        PUSHER.members("presence-room", "alice");

        JsonNode snapshot = firstSnapshot("""
                        appSecret: "kamelet-secret"
                        users: false
                """);

        assertThat(snapshot.get("channels").get(0).get("user_ids").isNull()).isTrue();
        assertThat(PUSHER.requests()).hasSize(1);
    }

    private JsonNode firstSnapshot(String moreParameters) throws Exception {
        String route = """
                - route:
                    id: pusher-snapshots-to-mock
                    from:
                      uri: kamelet:pusher-snapshot-source
                      parameters:
                        appId: "503"
                        appKey: "kamelet-key"
                        scheme: http
                        host: 127.0.0.1
                        port: %d
                        period: 1h
                %s
                      steps:
                        - to: mock:snapshots
                """.formatted(PUSHER.port(), moreParameters.stripTrailing());
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("snapshots.yaml", route));
            MockEndpoint snapshots = context.getEndpoint("mock:snapshots", MockEndpoint.class);
            snapshots.expectedMessageCount(1);
            context.start();
            snapshots.setResultWaitTime(TimeUnit.SECONDS.toMillis(20));
            snapshots.assertIsSatisfied();
            return JSON.readTree(snapshots.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        }
    }
}
