package io.pusherpipeline.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.Json;
import io.pusherpipeline.signing.WebhookSignature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void connectionEstablishedCarriesItsDataAsAJsonString() throws Exception {
        Frames.Frame frame = Frames.parse("{\"event\":\"pusher:connection_established\","
                + "\"data\":\"{\\\"socket_id\\\":\\\"123.456\\\",\\\"activity_timeout\\\":30}\"}");
        assertThat(frame.isProtocol()).isTrue();
        JsonNode data = Frames.dataObject(frame.data());
        assertThat(data.get("socket_id").asText()).isEqualTo("123.456");
        assertThat(data.get("activity_timeout").asInt()).isEqualTo(30);
    }

    @Test
    void anEventKeepsItsDataTextAsReceivedAndItsUserId() throws Exception {
        Frames.Frame frame = Frames.parse("{\"event\":\"order\",\"channel\":\"orders\",\"data\":\"{\\\"id\\\":42}\",\"user_id\":\"u1\"}");
        assertThat(frame).isEqualTo(new Frames.Frame("order", "orders", "{\"id\":42}", "u1"));
        assertThat(frame.isProtocol()).isFalse();
        assertThat(Frames.parse("{\"event\":\"x\",\"channel\":\"c\",\"data\":{\"a\":1}}").data()).isEqualTo("{\"a\":1}");
        assertThat(Frames.parse("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"c\"}").isProtocol()).isTrue();
    }

    @Test
    void privateChannelsAreSubscribedWithTheirOwnAuthAndPublicOnesWithNone() throws Exception {
        JsonNode signed = Json.MAPPER.readTree(Frames.subscribe("private-encrypted-plans", "key", "secret", "1.2"));
        assertThat(signed.get("event").asText()).isEqualTo("pusher:subscribe");
        assertThat(signed.at("/data/channel").asText()).isEqualTo("private-encrypted-plans");
        assertThat(signed.at("/data/auth").asText()).isEqualTo("key:"
                + WebhookSignature.sign("secret", "1.2:private-encrypted-plans".getBytes(StandardCharsets.UTF_8)));
        assertThat(Json.MAPPER.readTree(Frames.subscribe("news", "key", "secret", "1.2")).get("data").has("auth")).isFalse();
    }

    @Test
    void socketUriFollowsTheHttpApiSettings() {
        assertThat(SocketUri.of("https", "api-eu.pusher.com", 443, "k", "1.0").toString())
                .isEqualTo("wss://ws-eu.pusher.com:443/app/k?protocol=7&client=pusher-pipeline&version=1.0");
        assertThat(SocketUri.of("http", "127.0.0.1", 6001, "k", "dev").toString())
                .isEqualTo("ws://127.0.0.1:6001/app/k?protocol=7&client=pusher-pipeline&version=dev");
        assertThat(SocketUri.of("https", "soketi.example.com", 8443, "k", "dev").toString()).startsWith("wss://soketi.example.com:8443/app/k?");
    }
}
