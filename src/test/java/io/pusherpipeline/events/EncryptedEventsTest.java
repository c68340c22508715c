package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.Json;
import io.pusherpipeline.encryption.ChannelEncryption;
import io.pusherpipeline.encryption.SecretBox;
import io.pusherpipeline.testing.FakePusher.Delivered;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Events to private-encrypted- channels with pusher.encryption-master-key set: sealed on the way, plaintext in the journal's key. */
class EncryptedEventsTest extends EventsRouteTestSupport {

    static final String MASTER_KEY = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

    @Override
    protected Properties routeProperties() {
        Properties p = super.routeProperties();
        p.setProperty("pusher.encryption-master-key", MASTER_KEY);
        return p;
    }

    /** What a pusher-js client with the channel's shared secret reads: the box opened, as text. */
    private static String opened(Delivered delivered) throws Exception {
        JsonNode sent = Json.MAPPER.readTree(delivered.data());
        byte[] nonce = Base64.getDecoder().decode(sent.get("nonce").textValue());
        byte[] box = Base64.getDecoder().decode(sent.get("ciphertext").textValue());
        ChannelEncryption encryption = new ChannelEncryption();
        encryption.setMasterKey(MASTER_KEY);
        byte[] key = encryption.channelKey(delivered.channel());
        // A secretbox is deterministic for key, nonce and message: the plaintext is the one message sealing to this box.
        for (String candidate : List.of("{\"secret\":\"plans\"}", "hello")) {
            if (java.util.Arrays.equals(SecretBox.seal(key, nonce, candidate.getBytes(StandardCharsets.UTF_8)), box)) {
                return candidate;
            }
        }
        return "(not any expected plaintext)";
    }

    @Test
    void anInboxEventToAnEncryptedChannelIsSentSealedAndOfferedAgainIsSkipped() throws Exception {
        String file = "{\"channel\": \"private-encrypted-plans\", \"name\": \"e\", \"data\": {\"secret\": \"plans\"}}";
        drop("secret.json", file);
        await("secret.json in .done", () -> Files.exists(done("secret.json")));
        Files.delete(done("secret.json"));
        drop("secret.json", file);
        await("secret.json in .done again", () -> Files.exists(done("secret.json")));

        assertThat(pusher.delivered()).singleElement().satisfies(d -> {
            assertThat(d.channel()).isEqualTo("private-encrypted-plans");
            assertThat(d.data()).doesNotContain("plans").startsWith("{\"nonce\":\"");
            assertThat(opened(d)).isEqualTo("{\"secret\":\"plans\"}");
        });
        assertThat(pusher.refusedSignatures()).isEmpty();
        assertThat(rows("SELECT channels, data_bytes FROM pusher_data.apps_events"))
                .containsExactly(List.of("[\"private-encrypted-plans\"]", 18));
    }

    @Test
    void throughPusherPublishTheReplyIsAsForAnyEventAndOtherChannelsStayPlain() throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reply = template.requestBodyAndHeader("direct:pusher-publish",
                List.of(Map.of("channel", "private-encrypted-a", "name", "e", "data", "hello"),
                        Map.of("channel", "plain", "name", "e", "data", "hello")), PublishSteps.SOURCE_HEADER, "outbox-7", List.class);

        assertThat(reply).extracting(o -> o.get("status")).containsExactly("published", "published");
        assertThat(pusher.delivered()).hasSize(2);
        assertThat(opened(pusher.delivered().get(0))).isEqualTo("hello");
        assertThat(pusher.delivered().get(1)).isEqualTo(new Delivered("plain", "e", "hello"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void throughTheEventSinkKameletTooAndTheSameSourceIsSkippedThoughEachSealingDiffers() throws Exception {
        org.apache.camel.support.PluginHelper.getRoutesLoader(context).loadRoutes(org.apache.camel.support.ResourceHelper.fromString(
                "sealed.yaml", """
                        - route:
                            id: sealed-to-pusher
                            from:
                              uri: direct:sealed
                              steps:
                                - to:
                                    uri: kamelet:pusher-event-sink
                                    parameters:
                                      source: "plan-${header.planId}"
                        """));
        String event = "{\"channel\": \"private-encrypted-k\", \"name\": \"e\", \"data\": \"hello\"}";

        List<Map<String, Object>> first = template.requestBodyAndHeader("direct:sealed", event, "planId", 1, List.class);
        List<Map<String, Object>> again = template.requestBodyAndHeader("direct:sealed", event, "planId", 1, List.class);

        assertThat(first).extracting(o -> o.get("status")).containsExactly("published");
        assertThat(again).extracting(o -> o.get("status")).containsExactly("already-published");
        assertThat(pusher.delivered()).singleElement().satisfies(d -> assertThat(opened(d)).isEqualTo("hello"));
    }

    @Test
    void anEncryptedEventToSeveralChannelsIsRefusedWithTheReasonAndNothingSent() throws Exception {
        drop("two.json", "{\"channels\": [\"private-encrypted-a\", \"b\"], \"name\": \"e\", \"data\": \"x\"}");

        await("two.json in .error", () -> Files.exists(error("two.json.reason.txt")) && Files.exists(error("two.json")));

        assertThat(Files.readString(error("two.json.reason.txt"))).contains("event 0, channels[0]: \"private-encrypted-a\" is"
                + " end-to-end encrypted, so an event to it goes to that one channel only").doesNotContain(MASTER_KEY);
        Throwable thrown = catchThrowable(() -> template.requestBody("direct:pusher-publish",
                "{\"channels\": [\"b\", \"private-encrypted-a\"], \"name\": \"e\", \"data\": \"x\"}"));
        assertThat(thrown.getCause()).isInstanceOf(RefusedEventsException.class).hasMessageContaining("channels[1]");
        assertThat(pusher.requests()).isEmpty();
    }
}
