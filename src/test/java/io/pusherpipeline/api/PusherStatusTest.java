package io.pusherpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What each outcome of a request to Pusher means, asked of one enum. */
class PusherStatusTest {

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({
        "200, SUCCESS, false, false",
        "400, BAD_REQUEST, false, true",
        "401, AUTHENTICATION_ERROR, false, false",
        "403, FORBIDDEN, false, false",
        "404, NOT_FOUND, false, false",
        "405, OTHER_STATUS, false, false",
        "413, TOO_LARGE, false, true",
        "429, RATE_LIMITED, true, false",
        "500, SERVER_ERROR, true, false",
        "503, SERVER_ERROR, true, false",
    })
    void aStatusSaysWhetherItIsRetriedAndWhetherItRefusesTheContent(int status, PusherStatus meaning, boolean retried,
            boolean refusesContent) {
        assertThat(PusherStatus.of(status)).isEqualTo(meaning);
        assertThat(meaning.shouldRetry()).isEqualTo(retried);
        assertThat(meaning.refusesContent()).isEqualTo(refusesContent);
    }

    @Test
    void aFailureIsReadThroughItsCauses() {
        HttpOperationFailedException http = new HttpOperationFailedException("http://h/apps/1/channels", 503, "busy", null, Map.of(), "");

        assertThat(PusherStatus.of(new IllegalStateException(http))).isEqualTo(PusherStatus.SERVER_ERROR);
        assertThat(PusherStatus.of(new PusherApiException(401, "/apps/1/events", "no"))).isEqualTo(PusherStatus.AUTHENTICATION_ERROR);
        assertThat(PusherStatus.of(new RuntimeException(new ConnectException("refused")))).isEqualTo(PusherStatus.NETWORK_ERROR);
        assertThat(PusherStatus.of(new SocketTimeoutException("Read timed out")).shouldRetry()).isTrue();
        assertThat(PusherStatus.of(new IllegalArgumentException("not JSON"))).isEqualTo(PusherStatus.NOT_A_REQUEST_FAILURE);
        assertThat(PusherStatus.NOT_A_REQUEST_FAILURE.shouldRetry()).isFalse();
        assertThat(PusherStatus.of((Throwable) new IOException("broken pipe")).shouldRetry()).isTrue();
    }

    @Test
    void theAdviceNamesTheSettingsOfTheAppThatFailed() {
        assertThat(PusherStatus.AUTHENTICATION_ERROR.snapshotAdvice("staging"))
                .startsWith("Check pusher.apps.staging.app-key and pusher.apps.staging.app-secret")
                .contains("PUSHER_APPS_STAGING_APP_KEY, PUSHER_APPS_STAGING_APP_SECRET", "auth_timestamp must be within 600 s");
        assertThat(PusherStatus.AUTHENTICATION_ERROR.publishingAdvice())
                .startsWith("Pusher refused the app's credentials: check pusher.app-key and pusher.app-secret (PUSHER_APP_KEY, PUSHER_APP_SECRET)");
        assertThat(PusherStatus.AUTHENTICATION_ERROR.publishingAdvice("staging"))
                .startsWith("Pusher refused the app's credentials: check pusher.apps.staging.app-key and pusher.apps.staging.app-secret");
        assertThat(PusherStatus.NOT_FOUND.publishingAdvice("staging"))
                .isEqualTo("No such app here: check pusher.apps.staging.app-id and pusher.apps.staging.app-cluster (or pusher.apps.staging.host).");
        assertThat(PusherStatus.TOO_LARGE.refusedFileAdvice()).contains("make the events' data smaller");
        assertThat(PusherStatus.BAD_REQUEST.publishingAdvice()).as("a refused file says Pusher's words only").isEmpty();
        assertThat(PusherStatus.OTHER_STATUS.snapshotAdvice("")).isEmpty();
    }
}
