package io.pusherpipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pusher.rest.OfficialSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class SignRequestTest {

    private final SignRequest signer = signer();

    @Test
    void getQueryGetsAuthParametersAndASignatureTheOfficialLibraryAccepts() {
        Exchange exchange = exchange("GET", "/apps/7/channels/presence-a;b@c,d=e.f/users", "filter_by_prefix=presence-&info=user_count");

        signer.process(exchange);

        String wire = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> query = PusherSignatureTest.decode(wire);
        assertThat(query).containsEntry("auth_key", "key").containsEntry("auth_timestamp", "1353088179")
                .containsEntry("auth_version", "1.0").containsEntry("filter_by_prefix", "presence-")
                .doesNotContainKey("body_md5");
        String signature = query.remove("auth_signature");
        assertThat(signature).isEqualTo(OfficialSignature.sign("s3cret", "GET",
                "/apps/7/channels/presence-a;b@c,d=e.f/users", query));
    }

    @Test
    void postBodyIsCoveredByBodyMd5() {
        Exchange exchange = exchange("POST", "/apps/7/events", null);
        String body = "{\"name\":\"e\",\"channel\":\"x\",\"data\":\"1\"}";
        exchange.getMessage().setBody(body);

        signer.process(exchange);

        Map<String, String> query = PusherSignatureTest.decode(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        assertThat(query.get("body_md5")).isEqualTo(PusherSignature.bodyMd5(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void emptyParametersAreDroppedAndValuesEscapedOnTheWire() {
        Exchange exchange = exchange("GET", "/apps/7/channels", "filter_by_prefix=&info=user_count,subscription_count");

        signer.process(exchange);

        String wire = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        assertThat(wire).doesNotContain("filter_by_prefix").contains("info=user_count%2Csubscription_count");
    }

    @Test
    void missingPathIsRefusedWithTheHeaderName() {
        Exchange exchange = exchange("GET", null, null);
        assertThatThrownBy(() -> signer.process(exchange)).hasMessageContaining("[CamelHttpPath]");
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(signer.toString()).contains("key").doesNotContain("s3cret");
    }

    private static SignRequest signer() {
        SignRequest signer = new SignRequest();
        signer.setAppKey("key");
        signer.setAppSecret("s3cret");
        signer.setClock(Clock.fixed(Instant.ofEpochSecond(1353088179), ZoneOffset.UTC));
        return signer;
    }

    private static Exchange exchange(String method, String path, String query) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        return exchange;
    }
}
