package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.signing.PusherSignature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may read which channel of which app, decided from the request alone. */
class HistoryAccessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final HistoryAccess access = new HistoryAccess();

    HistoryAccessTest() {
        access.setApps(new HistoryApps(List.of(new HistoryApps.App("1", "k1", "s1"), new HistoryApps.App("2", "k2", "s2"))));
        access.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aServersSignatureOverTheRequestGivesItsKeysApp() {
        Map<String, String> params = signed("/h/private-x", "k2", "s2", NOW.minusSeconds(599));

        assertThat(access.check(query("private-x", "/h/private-x", params)).appId()).isEqualTo("2");
        assertThatThrownBy(() -> access.check(query("private-x", "/h/private-y", params)))
                .isInstanceOfSatisfying(HistoryRefused.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> access.check(query("private-x", "/h/private-x", signed("/h/private-x", "k2", "s2", NOW.plusSeconds(601)))))
                .hasMessageStartingWith("auth_timestamp is more than 600 s");
        Map<String, String> oldVersion = signed("/h/private-x", "k2", "s2", NOW);
        oldVersion.put("auth_version", "0.9");
        assertThatThrownBy(() -> access.check(query("private-x", "/h/private-x", oldVersion))).hasMessage("auth_version must be 1.0");
        Map<String, String> otherApp = signed("/h/private-x", "k2", "s2", NOW);
        otherApp.put("app", "1");
        otherApp.put("auth_signature", PusherSignature.sign("s2", "GET", "/h/private-x", otherApp));
        assertThatThrownBy(() -> access.check(query("private-x", "/h/private-x", otherApp))).hasMessage("the auth is not of the app given as app=");
    }

    @Test
    void aUsersChannelNeedsTheSignInOfThatUser() {
        String userData = "{\"id\":\"7\"}";
        String auth = ChannelAuth.auth("k1", "s1", ChannelAuth.signedUser("3.4", userData));

        assertThat(access.check(query("#server-to-user-7", "/h/x", Map.of("socket_id", "3.4", "auth", auth, "user_data", userData))).appId())
                .isEqualTo("1");
        String otherUser = "{\"id\":\"8\"}";
        String otherAuth = ChannelAuth.auth("k1", "s1", ChannelAuth.signedUser("3.4", otherUser));
        assertThatThrownBy(() -> access.check(query("#server-to-user-7", "/h/x", Map.of("socket_id", "3.4", "auth", otherAuth,
                "user_data", otherUser)))).hasMessage("the user_data's id is not the user of this channel");
    }

    @Test
    void aPresenceAuthWithoutItsChannelDataIsRefused() {
        String auth = ChannelAuth.auth("k1", "s1", ChannelAuth.signed("3.4", "presence-x", "{\"user_id\":\"a\"}"));

        assertThatThrownBy(() -> access.check(query("presence-x", "/h/x", Map.of("socket_id", "3.4", "auth", auth))))
                .hasMessage("a presence channel's auth also covers channel_data: pass it too");
        assertThat(access.check(query("presence-x", "/h/x", Map.of("socket_id", "3.4", "auth", auth,
                "channel_data", "{\"user_id\":\"a\"}"))).appId()).isEqualTo("1");
    }

    @Test
    void directCallersNameTheAppById() {
        assertThat(access.appFor("2")).isEqualTo("2");
        assertThatThrownBy(() -> access.appFor(null)).hasMessageStartingWith("several apps are configured");
        assertThatThrownBy(() -> access.appFor("3")).hasMessageStartingWith("app must be the id of a configured app, one of [1, 2]");
    }

    private static Map<String, String> signed(String path, String key, String secret, Instant at) {
        Map<String, String> params = new HashMap<>(Map.of("auth_key", key, "auth_timestamp", Long.toString(at.getEpochSecond()),
                "auth_version", "1.0", "after", "0"));
        params.put("auth_signature", PusherSignature.sign(secret, "GET", path, params));
        return params;
    }

    private static HistoryQuery query(String channel, String path, Map<String, String> params) {
        return new HistoryQuery(channel, "GET", path, Map.copyOf(params), 0, 100);
    }
}
