package io.pusherpipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Validity;
import io.pusherpipeline.testing.RecordedWebhooks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** pusher-http-node's webhook test: secret "beef". */
    private static final String NODE_BODY = "{\"time_ms\":1403175510755,\"events\":[{\"channel\":\"test_channel\","
            + "\"name\":\"channel_vacated\"}]}";
    private static final String NODE_SIGNATURE = "df1465f5ff93f83238152fd002cb904f9562d39569e68f00a6bfa0d8ccf88334";

    @Test
    void pusherHttpNodesDocumentedWebhookIsValid() {
        assertThat(WebhookSignature.sign("beef", bytes(NODE_BODY))).isEqualTo(NODE_SIGNATURE);
        assertThat(WebhookSignature.isValid("beef", bytes(NODE_BODY), NODE_SIGNATURE)).isTrue();
    }

    @Test
    void pusherHttpPhpsDocumentedWebhookIsValid() {
        assertThat(WebhookSignature.isValid("thisisasecret", bytes("{\"hello\":\"world\"}"),
                "40e0ad3b9aa49529322879e84de1aaaf18bde1efe839ca263d540cc865510d25")).isTrue();
    }

    @Test
    void everyWebhookSoketiSentIsValidAndAgreesWithTheOfficialJavaLibrary() {
        List<JsonNode> captured = RecordedWebhooks.deliveries();
        Pusher official = new Pusher("app-1", RecordedWebhooks.KEY, RecordedWebhooks.SECRET);

        assertThat(captured).hasSizeGreaterThan(20);
        for (JsonNode delivery : captured) {
            String body = delivery.get("body").asText();
            String signature = delivery.get("sig").asText();
            assertThat(WebhookSignature.isValid(RecordedWebhooks.SECRET, bytes(body), signature)).as(body).isTrue();
            assertThat(official.validateWebhookSignature(RecordedWebhooks.KEY, signature, body)).isEqualTo(Validity.VALID);
        }
    }

    @Test
    void aChangedBodyAnotherSecretOrNoSignatureIsNotValid() {
        assertThat(WebhookSignature.isValid("beef", bytes(NODE_BODY.replace("vacated", "occupied")), NODE_SIGNATURE))
                .isFalse();
        assertThat(WebhookSignature.isValid("pork", bytes(NODE_BODY), NODE_SIGNATURE)).isFalse();
        assertThat(WebhookSignature.isValid("beef", bytes(NODE_BODY), null)).isFalse();
        assertThat(WebhookSignature.isValid("beef", bytes(NODE_BODY), "")).isFalse();
        assertThat(WebhookSignature.isValid("beef", bytes(NODE_BODY), NODE_SIGNATURE.substring(1))).isFalse();
        assertThat(WebhookSignature.isValid("", bytes(NODE_BODY), NODE_SIGNATURE)).isFalse();
    }

    @Test
    void theRawBytesAreSignedNotTheirJsonMeaning() {
        String sameJsonOtherSpacing = NODE_BODY.replace(",", ", ");

        assertThat(WebhookSignature.isValid("beef", bytes(sameJsonOtherSpacing), NODE_SIGNATURE)).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
