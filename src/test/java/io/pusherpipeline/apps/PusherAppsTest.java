package io.pusherpipeline.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PusherAppsTest {

    private static final Map<String, String> DEFAULTS = Map.of("pusher.scheme", "https", "pusher.port", "443",
            "pusher.app-cluster", "mt1", "pusher.host", "api-mt1.pusher.com");

    @Test
    void noAppsListIsTheSingleAppOfThePusherAppKeysWithItsUsualRoute() {
        PusherApps apps = read(Map.of("pusher.app-id", "1", "pusher.app-key", "k", "pusher.app-secret", "s"));

        assertThat(apps.all()).extracting(PusherApp::name, PusherApp::id, PusherApp::baseUri, PusherApp::routeId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "1", "https://api-mt1.pusher.com:443", "pusher-snapshot"));
    }

    @Test
    void eachNamedAppHasItsOwnIdClusterAndRoute() {
        PusherApps apps = read(Map.of("pusher.apps", " prod , staging,,prod",
                "pusher.apps.prod.app-id", "10", "pusher.apps.prod.app-cluster", "eu",
                "pusher.apps.staging.app-id", "20", "pusher.apps.staging.host", "127.0.0.1",
                "pusher.apps.staging.scheme", "http", "pusher.apps.staging.port", "6001"));

        assertThat(apps.all()).extracting(PusherApp::id, PusherApp::baseUri, PusherApp::routeId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("10", "https://api-eu.pusher.com:443", "pusher-snapshot-prod"),
                org.assertj.core.groups.Tuple.tuple("20", "http://127.0.0.1:6001", "pusher-snapshot-staging"));
        assertThat(apps.get("staging").id()).isEqualTo("20");
        assertThatThrownBy(() -> apps.get("dev")).hasMessageContaining("Parameter [app] must be one of pusher.apps [prod, staging]");
    }

    @Test
    void theSecretIsNeverInTheAppsText() {
        PusherApps apps = read(Map.of("pusher.apps", "prod", "pusher.apps.prod.app-id", "10",
                "pusher.apps.prod.app-secret", "canary-secret"));

        assertThat(apps.get("prod").toString()).doesNotContain("canary-secret").contains("10", "prod");
        assertThat(PusherApps.names("")).isEqualTo(List.of(""));
    }

    @Test
    void eventsWithoutAppGoToPusherAppIdWhenSetElseToTheOnlyAppOfPusherAppsElseToNone() {
        Map<String, String> two = Map.of("pusher.apps", "prod,staging", "pusher.apps.prod.app-id", "10",
                "pusher.apps.staging.app-id", "20");
        Map<String, String> twoAndSingle = new java.util.HashMap<>(two);
        twoAndSingle.put("pusher.app-id", "1");

        assertThat(read(twoAndSingle).defaultForEvents()).contains("");
        assertThat(read(twoAndSingle).forPublishing("").id()).isEqualTo("1");
        assertThat(read(twoAndSingle).forPublishing("staging").id()).isEqualTo("20");
        assertThat(read(Map.of("pusher.apps", "prod", "pusher.apps.prod.app-id", "10")).defaultForEvents()).contains("prod");
        assertThat(read(two).defaultForEvents()).isEmpty();
        assertThat(read(two).named()).containsExactly("prod", "staging");
        assertThat(read(Map.of("pusher.app-id", "1")).named()).isEmpty();
        assertThat(read(Map.of("pusher.app-id", "1")).defaultForEvents()).contains("");
    }

    private static PusherApps read(Map<String, String> settings) {
        return PusherApps.read(key -> Optional.ofNullable(settings.getOrDefault(key, DEFAULTS.get(key))));
    }
}
