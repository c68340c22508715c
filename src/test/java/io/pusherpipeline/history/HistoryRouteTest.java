package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pusher.rest.OfficialSignature;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * routes/pusher-history.yaml over real HTTP with two apps configured: paging with next and gaps,
 * public channels open, private/encrypted/presence/user channels with the auth their authorizer
 * gives, wrong or missing auth 401 revealing nothing, forged cursors and limits 400, a request
 * signed by a server, direct:pusher-history.
 */
class HistoryRouteTest extends HistoryRouteTestSupport {

    private static final String ONE = "101";
    private static final String KEY_ONE = "key-one";
    private static final String SECRET_ONE = "secret-one-canary";
    private static final String TWO = "202";
    private static final String KEY_TWO = "key-two";
    private static final String SECRET_TWO = "secret-two-canary";
    private static final String SOCKET = "1234.5678";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Properties apps() {
        Properties p = new Properties();
        p.setProperty("pusher.apps", "one,two");
        p.setProperty("pusher.apps.one.app-id", ONE);
        p.setProperty("pusher.apps.one.app-key", KEY_ONE);
        p.setProperty("pusher.apps.one.app-secret", SECRET_ONE);
        p.setProperty("pusher.apps.two.app-id", TWO);
        p.setProperty("pusher.apps.two.app-key", KEY_TWO);
        p.setProperty("pusher.apps.two.app-secret", SECRET_TWO);
        return p;
    }

    @Override
    protected List<String> snapshotRoutes() {
        return List.of("pusher-snapshot-one", "pusher-snapshot-two");
    }

    @Test
    void aPublicChannelIsOpenToAllAndPagesFollowNextWithTheGapsTheyOverlap() throws Exception {
        rows.event(ONE, "news", 1, "headline", "first", null, null, "published", T0.plusSeconds(60));
        rows.event(ONE, "news", 2, T0.plusSeconds(120));
        rows.event(ONE, "news", 3, T0.plusSeconds(180));
        rows.event(TWO, "news", 1, "headline", "app two's", null, null, "published", T0);
        rows.gap(ONE, T0.plusSeconds(130), T0.plusSeconds(140), "soketi stopped");

        HttpResponse<String> first = get("/pusher/history/news?app=" + ONE + "&limit=2");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(first.body()).isEqualTo("{\"channel\":\"news\",\"events\":["
                + "{\"seq\":1,\"event\":\"headline\",\"data\":\"first\",\"user_id\":null,\"socket_id\":null,\"source\":\"published\",\"occurred_at\":\"2026-12-01T10:01:00Z\"},"
                + "{\"seq\":2,\"event\":\"ev-2\",\"data\":\"{\\\"n\\\":2}\",\"user_id\":null,\"socket_id\":null,\"source\":\"published\",\"occurred_at\":\"2026-12-01T10:02:00Z\"}],"
                + "\"next\":2,\"gaps\":[]}");
        JsonNode second = JSON.readTree(get("/pusher/history/news?app=" + ONE + "&limit=2&after=2").body());
        assertThat(second.path("events").findValuesAsText("seq")).containsExactly("3");
        assertThat(second.path("next").asLong()).isEqualTo(3);
        assertThat(second.path("gaps").toString()).isEqualTo(
                "[{\"started_at\":\"2026-12-01T10:02:10Z\",\"ended_at\":\"2026-12-01T10:02:20Z\",\"reason\":\"soketi stopped\"}]");
        JsonNode two = JSON.readTree(get("/pusher/history/news?app=" + TWO).body());
        assertThat(two.path("events").findValuesAsText("data")).containsExactly("app two's");
        assertThat(JSON.readTree(get("/pusher/history/news?app=" + ONE + "&after=3").body()).path("next").asLong()).isEqualTo(3);
    }

    @Test
    void withSeveralAppsAPublicChannelNeedsTheAppAndAnUnknownOneIsRefusedNamingTheConfiguredIds() throws Exception {
        assertRefused(get("/pusher/history/news"), 400, "several apps are configured: add app=<app id>, one of [101, 202]");
        assertRefused(get("/pusher/history/news?app=999"), 400, "app must be the id of a configured app, one of [101, 202]; was '999'");
    }

    @Test
    void privateEncryptedPresenceAndUserChannelsAnswerTheAuthTheirAuthorizerGave() throws Exception {
        rows.event(TWO, "private-room", 1, T0);
        rows.event(TWO, "private-encrypted-x", 1, "secret-news", "{\"nonce\":\"n\",\"ciphertext\":\"c\"}", null, null, "published", T0);
        String channelData = "{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}";
        rows.event(TWO, "presence-lobby", 1, "client-wave", "hi", "alice", "9.9", "client_event", T0);
        String userData = "{\"id\":\"1\",\"name\":\"One\"}";
        rows.event(TWO, "#server-to-user-1", 1, T0);

        String privateAuth = authorizerAuth(KEY_TWO, SECRET_TWO, SOCKET + ":private-room");
        assertServed(get("/pusher/history/private-room?socket_id=" + SOCKET + "&auth=" + encode(privateAuth)), "private-room", 1);
        String encryptedAuth = authorizerAuth(KEY_TWO, SECRET_TWO, SOCKET + ":private-encrypted-x");
        assertServed(get("/pusher/history/private-encrypted-x?socket_id=" + SOCKET + "&auth=" + encode(encryptedAuth)
                + "&app=" + TWO), "private-encrypted-x", 1);
        String presenceAuth = authorizerAuth(KEY_TWO, SECRET_TWO, SOCKET + ":presence-lobby:" + channelData);
        assertServed(get("/pusher/history/presence-lobby?socket_id=" + SOCKET + "&auth=" + encode(presenceAuth)
                + "&channel_data=" + encode(channelData)), "presence-lobby", 1);
        String userAuth = authorizerAuth(KEY_TWO, SECRET_TWO, SOCKET + "::user::" + userData);
        assertServed(get("/pusher/history/%23server-to-user-1?socket_id=" + SOCKET + "&auth=" + encode(userAuth)
                + "&user_data=" + encode(userData)), "#server-to-user-1", 1);
        // As pusher-js posts its auth request: a form.
        assertServed(postForm("/pusher/history/private-room", "socket_id=" + SOCKET + "&auth=" + encode(privateAuth)
                + "&after=0&limit=10"), "private-room", 1);
    }

    @Test
    void wrongOrMissingAuthIs401WithTheSameAnswerWhetherTheChannelHasEventsOrNot() throws Exception {
        rows.event(ONE, "private-room", 1, T0);
        String other = authorizerAuth(KEY_ONE, SECRET_ONE, "1.1:private-room");
        Map<String, String> refusals = new LinkedHashMap<>();
        for (String channel : List.of("private-room", "private-never-used")) {
            String forged = authorizerAuth(KEY_ONE, "not-the-secret", SOCKET + ":" + channel);
            String otherApps = authorizerAuth(KEY_TWO, SECRET_TWO, SOCKET + ":" + channel);
            String path = "/pusher/history/" + channel;
            String answers = List.of(
                    get(path), get(path + "?socket_id=" + SOCKET), get(path + "?auth=" + encode(forged)),
                    get(path + "?socket_id=" + SOCKET + "&auth=" + encode(forged)),
                    get(path + "?socket_id=" + SOCKET + "&auth=" + encode(other)),
                    get(path + "?socket_id=" + SOCKET + "&auth=" + encode(otherApps) + "&app=" + ONE),
                    get(path + "?socket_id=" + SOCKET + "&auth=unknown-key:abc"),
                    postForm(path, "socket_id=" + SOCKET + "&auth=" + encode(forged)))
                    .stream().map(a -> a.statusCode() + " " + a.body()).collect(Collectors.joining());
            refusals.put(channel, answers);
        }

        assertThat(refusals.get("private-room")).isEqualTo(refusals.get("private-never-used"));
        assertThat(refusals.get("private-room").lines()).allSatisfy(line -> assertThat(line).startsWith("401 "));
        assertThat(refusals.get("private-room")).doesNotContain("seq").doesNotContain("event").doesNotContain("ev-1");
        String lines = log.toString(StandardCharsets.UTF_8);
        assertThat(lines.lines().filter(l -> l.contains("WARN") && l.contains("History request refused with 401"))).hasSize(16);
        assertThat(lines).doesNotContain(SECRET_ONE).doesNotContain(SECRET_TWO).doesNotContain(other.substring(other.indexOf(':') + 1));
    }

    @Test
    void aForgedCursorOrLimitIs400SayingWhatIsAllowed() throws Exception {
        rows.event(ONE, "news", 1, T0);
        String cursor = "after must be a whole number from 0 (the beginning) to the seq of the channel's latest event";
        String limit = "limit must be a whole number from 1 to 1000 (default 100)";
        for (String after : List.of("-1", "abc", "1.5", "99999999999999999999", "", "%2B1")) {
            assertRefused(get("/pusher/history/news?app=" + ONE + "&after=" + after), 400, cursor);
        }
        for (String n : List.of("0", "1001", "x", "-5", "10000000000")) {
            assertRefused(get("/pusher/history/news?app=" + ONE + "&limit=" + n), 400, limit);
        }
        assertRefused(get("/pusher/history/news?app=" + ONE + "&after=2"), 400,
                "after=2 is past the channel's latest event (seq 1): pass a next this API answered, or 0 for the beginning");
        assertRefused(get("/pusher/history/news?app=" + ONE + "&after=0&after=1"), 400, "the parameter 'after' is given twice");
        assertThat(get("/pusher/history/news?app=" + ONE + "&after=1&limit=1000").statusCode()).isEqualTo(200);
    }

    @Test
    void aServerSignsLikePushersHttpApiAndReadsAnyChannelOfItsApp() throws Exception {
        rows.event(ONE, "private-room", 1, T0);
        rows.event(ONE, "private-room", 2, T0);
        String path = "/pusher/history/private-room";

        assertServed(get(path + "?" + signed(path, KEY_ONE, SECRET_ONE, Instant.now(), Map.of("after", "1"))), "private-room", 2);
        assertRefused(get(path + "?" + signed(path, KEY_ONE, "not-the-secret", Instant.now(), Map.of())), 401,
                "auth_signature does not sign this request (method, path and parameters) with the secret of app 101");
        assertRefused(get(path + "?" + signed(path, KEY_ONE, SECRET_ONE, Instant.now().minusSeconds(700), Map.of())), 401,
                "auth_timestamp is more than 600 s from this server's clock");
        String signedForAnotherPath = signed("/pusher/history/private-other", KEY_ONE, SECRET_ONE, Instant.now(), Map.of());
        assertRefused(get(path + "?" + signedForAnotherPath), 401, "auth_signature does not sign this request");
        assertRefused(get(path + "?" + signed(path, KEY_ONE, SECRET_ONE, Instant.now(), Map.of()) + "&limit=5"), 401,
                "auth_signature does not sign this request");
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET_ONE);
    }

    @Test
    void otherMethodsAre405() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/pusher/history/news?app=" + ONE)).DELETE());
        assertThat(answer.headers().firstValue("Allow")).contains("GET, POST");
        assertRefused(answer, 405, "method DELETE");
    }

    @Test
    void routesInsideTheRuntimeGetThePageFromDirectPusherHistoryAsAMap() {
        rows.event(TWO, "private-room", 1, T0);
        rows.event(TWO, "private-room", 2, T0.plusSeconds(1));

        Object page = template.requestBodyAndHeaders("direct:pusher-history", null,
                Map.of("PusherChannel", "private-room", "PusherHistoryAfter", 1, "PusherHistoryLimit", "10", "PusherApp", TWO));

        assertThat(page).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) page).get("next")).isEqualTo(2L);
        assertThat(((Map<?, ?>) page).get("events").toString()).contains("seq=2").doesNotContain("seq=1");
    }

    private String signed(String path, String key, String secret, Instant at, Map<String, String> more) {
        Map<String, String> params = new LinkedHashMap<>(more);
        params.put("auth_key", key);
        params.put("auth_timestamp", Long.toString(at.getEpochSecond()));
        params.put("auth_version", "1.0");
        params.put("auth_signature", OfficialSignature.sign(secret, "GET", path, params));
        return params.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private void assertServed(HttpResponse<String> answer, String channel, long lastSeq) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(answer.body());
        assertThat(page.path("channel").asText()).isEqualTo(channel);
        assertThat(page.path("next").asLong()).isEqualTo(lastSeq);
        assertThat(page.path("events").size()).isPositive();
    }

    private void assertRefused(HttpResponse<String> answer, int status, String reason) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).startsWith(reason);
        assertThat(answer.body().lines()).hasSize(1);
        String lines = log.toString(StandardCharsets.UTF_8);
        assertThat(lines.lines().filter(line -> line.contains("WARN") && line.contains(reason)).count())
                .as("one WARN line with '%s' in:%n%s", reason, lines).isEqualTo(1);
        log.reset();
    }
}
