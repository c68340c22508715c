package io.pusherpipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.rest.OfficialSignature;
import com.pusher.rest.SignatureUtil;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PusherSignatureTest {

    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";

    @Test
    void documentedVectorFromPushersRestReference() {
        String body = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}";
        String md5 = PusherSignature.bodyMd5(body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> params = Map.of("auth_key", KEY, "auth_timestamp", "1353088179",
                "auth_version", "1.0", "body_md5", md5);

        assertThat(md5).isEqualTo("ec365a775a4cd0599faeb73354201b6f");
        assertThat(PusherSignature.sign(SECRET, "POST", "/apps/3/events", params))
                .isEqualTo("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
    }

    @Test
    void canonicalQuerySortsLowercasedKeysAndLeavesValuesUnescaped() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("info", "user_count,subscription_count");
        params.put("Filter_By_Prefix", "presence-a;b@c");
        params.put("auth_key", "k");
        params.put("auth_signature", "dropped");
        List<String> keys = List.copyOf(params.keySet());
        assertThat(keys).as("fixture must not already be sorted").isNotEqualTo(keys.stream().sorted().toList());

        assertThat(PusherSignature.canonicalQuery(params))
                .isEqualTo("auth_key=k&filter_by_prefix=presence-a;b@c&info=user_count,subscription_count");
    }

    static Stream<Arguments> requests() {
        List<Arguments> cases = new ArrayList<>();
        List<String> channels = List.of("orders", "presence-room_1", "private-a-b", "presence-x=y@z",
                "presence-a,b.c;d", "private-encrypted-_-=@,.;");
        for (String channel : channels) {
            cases.add(Arguments.of("GET", "/apps/42/channels/" + channel + "/users", "", Map.of()));
            cases.add(Arguments.of("GET", "/apps/42/channels/" + channel, "", Map.of("info", "subscription_count,user_count")));
            cases.add(Arguments.of("POST", "/apps/42/events",
                    "{\"name\":\"e\",\"channels\":[\"" + channel + "\"],\"data\":\"{}\"}", Map.of()));
        }
        cases.add(Arguments.of("GET", "/apps/42/channels", "", Map.of("filter_by_prefix", "presence-", "info", "user_count")));
        cases.add(Arguments.of("POST", "/apps/42/batch_events", "{\"batch\":[]}", Map.of()));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void signsExactlyAsTheOfficialJavaLibrary(String method, String path, String body, Map<String, String> extra) {
        URI official = SignatureUtil.uri(method, "http", "example.test", path, body.isEmpty() ? null : body,
                KEY, SECRET, extra);
        Map<String, String> query = decode(official.getRawQuery());
        String officialSignature = query.remove("auth_signature");

        assertThat(PusherSignature.sign(SECRET, method, path, query)).isEqualTo(officialSignature);
        if (!body.isEmpty()) {
            assertThat(PusherSignature.bodyMd5(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(query.get("body_md5"));
        }
        assertThat(PusherSignature.canonicalQuery(query)).as("the query signed")
                .isEqualTo(OfficialSignature.stringToSign(method, path, query).split("\n", -1)[2]);
    }

    static Map<String, String> decode(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
