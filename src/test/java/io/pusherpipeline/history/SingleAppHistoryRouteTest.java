package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** With the one app of pusher.app-*, the app is implied: no app= needed, here or from direct:pusher-history. */
class SingleAppHistoryRouteTest extends HistoryRouteTestSupport {

    private static final String APP_ID = "4242";
    private static final String KEY = "single-key";
    private static final String SECRET = "single-secret-canary";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    protected Properties apps() {
        Properties p = new Properties();
        p.setProperty("pusher.app-id", APP_ID);
        p.setProperty("pusher.app-key", KEY);
        p.setProperty("pusher.app-secret", SECRET);
        return p;
    }

    @Override
    protected List<String> snapshotRoutes() {
        return List.of("pusher-snapshot");
    }

    @Test
    void aPublicChannelNeedsNoAppAndAPrivateOneItsAuth() throws Exception {
        rows.event(APP_ID, "news", 1, T0);
        rows.event(APP_ID, "private-room", 1, T0);

        assertThat(get("/pusher/history/news").body()).startsWith("{\"channel\":\"news\",\"events\":[{\"seq\":1,");
        assertThat(get("/pusher/history/news?app=" + APP_ID).statusCode()).isEqualTo(200);
        assertThat(get("/pusher/history/private-room").statusCode()).isEqualTo(401);
        String auth = authorizerAuth(KEY, SECRET, "5.6:private-room");
        HttpResponse<String> answer = get("/pusher/history/private-room?socket_id=5.6&auth=" + encode(auth));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().map().keySet()).doesNotContain("auth", "socket_id");
    }

    @Test
    void directPusherHistoryTakesTheOnlyAppAndRefusesAWrongCursorWithTheSameReason() {
        rows.event(APP_ID, "news", 1, T0);

        Map<?, ?> page = template.requestBodyAndHeader("direct:pusher-history", null, "PusherChannel", "news", Map.class);

        assertThat(page.get("next")).isEqualTo(1L);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> template.requestBodyAndHeaders("direct:pusher-history",
                null, Map.of("PusherChannel", "news", "PusherHistoryAfter", "-1"))))
                .hasRootCauseInstanceOf(HistoryRefused.class).rootCause().hasMessageStartingWith("after must be a whole number");
    }
}
