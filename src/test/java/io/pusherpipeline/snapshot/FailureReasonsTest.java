package io.pusherpipeline.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.api.PusherApiException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The message of a failed snapshot names the settings of the app that failed. */
class FailureReasonsTest {

    @Test
    void aRefusedSignatureNamesTheSingleAppsKeysAndVariables() {
        String message = FailureReasons.describe(new PusherApiException(401, "/apps/1/channels", "Invalid signature"));

        assertThat(message).contains("HTTP 401 from /apps/1/channels", "pusher.app-key and pusher.app-secret",
                "PUSHER_APP_KEY, PUSHER_APP_SECRET", "Pusher said: Invalid signature");
    }

    @Test
    void withSeveralAppsTheMessageNamesTheFailingAppsOwnKeys() {
        String refused = FailureReasons.describe(new PusherApiException(401, "/apps/222/channels", "Invalid signature"), "staging");
        String unknown = FailureReasons.describe(new PusherApiException(404, "/apps/222/channels", "Not found"), "staging");
        String unreachable = FailureReasons.describe(new IllegalStateException(new ConnectException("Connection refused")), "staging");

        assertThat(refused).contains("pusher.apps.staging.app-key and pusher.apps.staging.app-secret",
                "PUSHER_APPS_STAGING_APP_KEY, PUSHER_APPS_STAGING_APP_SECRET").doesNotContain("pusher.app-key");
        assertThat(unknown).contains("pusher.apps.staging.app-id, pusher.apps.staging.app-cluster (or pusher.apps.staging.host)");
        assertThat(unreachable).contains("pusher.apps.staging.host, pusher.apps.staging.port and pusher.apps.staging.scheme");
    }
}
