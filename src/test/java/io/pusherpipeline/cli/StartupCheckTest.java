package io.pusherpipeline.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.testing.DefaultSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings a user can get wrong: each is named in one line, with what it accepts, before anything starts. */
class StartupCheckTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "pusher.write-disposition, merge, must be append or replace",
        "pusher.retention, thirty days, must be a duration such as 30d",
        "pusher.retention, 0s, must be longer than zero",
        "pusher.history.retention, a month, must be a duration such as 30d, 12h, P30D or off",
        "pusher.history.retention, P1M, must be a duration such as 30d, 12h, P30D or off",
        "pusher.history.retention, PT0S, must be longer than zero",
        "pusher.history.prune-period, hourly, is not a duration",
        "pusher.file.format, parquet, must be jsonl or csv",
        "pusher.snapshot.timeout, 5 minutes, is not a duration",
        "pusher.http.backoff, soon, is not a duration",
        "pusher.http.retries, three, is not a whole number",
        "pusher.http.retries, -1, must be 0 or more",
        "pusher.events.poll-delay, 0, must be 1 or more",
        "pusher.snapshot.once, yes, must be true or false",
        "pusher.snapshot.users, maybe, must be true or false",
        "pusher.snapshot.subscription-count, on, must be true or false",
        "pusher.management.enabled, 1, must be true or false",
        "pusher.management.port, 70000, is not a port: 1 to 65535",
        "pusher.routes.reload, never, must be true or false",
        "pusher.webhooks.enabled, on, must be true or false",
        "pusher.webhooks.port, 0, is not a port: 1 to 65535",
        "pusher.webhooks.path, webhooks, 'must start with /'",
        "pusher.webhooks.max-body, a lot, must be a size such as 1MB",
        // Camel reads a {{placeholder}} that names no setting as empty.
        "pusher.snapshot.timeout, '', 'is empty, or a {{placeholder}} in it names a setting that is not set: write it like 30s'",
        "pusher.http.retries, '', 'is empty, or a {{placeholder}} in it names a setting that is not set: a whole number, 0 or more'",
        "pusher.management.port, '', 'is empty, or a {{placeholder}} in it names a setting that is not set: a port, 1 to 65535'",
        "pusher.snapshot.users, '', 'is empty, or a {{placeholder}} in it names a setting that is not set: true or false'",
    })
    void aWrongSettingIsOneLineNamingItWithWhatItAccepts(String key, String value, String rule) {
        Map<String, String> properties = valid();
        properties.put(key, value);
        if (key.startsWith("pusher.file.")) {
            properties.put("pusher.sink", "file");
        }

        assertThatThrownBy(() -> check(properties)).isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining(key).hasMessageContaining(rule).hasMessageContaining(value)
                .hasMessageNotContaining(System.lineSeparator());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "pusher.write-disposition, replace",
        "pusher.retention, 30d",
        "pusher.retention, off",
        "pusher.history.retention, P30D",
        "pusher.history.retention, 12h",
        "pusher.history.retention, ''",
        "pusher.file.format, csv",
    })
    void theDocumentedValuesPass(String key, String value) {
        Map<String, String> properties = valid();
        properties.put(key, value);

        assertThatCode(() -> check(properties)).doesNotThrowAnyException();
    }

    @org.junit.jupiter.api.Test
    void theShippedDefaultsPass() {
        assertThatCode(() -> check(valid())).doesNotThrowAnyException();
    }

    @org.junit.jupiter.api.Test
    void theWebhookReceiverAndTheManagementServerNeedTwoPorts() {
        Map<String, String> properties = valid();
        properties.putAll(Map.of("pusher.webhooks.enabled", "true", "pusher.management.enabled", "true",
                "pusher.webhooks.port", "9876", "pusher.management.port", "9876"));

        assertThatThrownBy(() -> check(properties)).isInstanceOf(ConfigurationProblem.class)
                .hasMessage("pusher.webhooks.port=9876 is also pusher.management.port: give the webhook receiver a port of its own.");

        properties.put("pusher.webhooks.port", "8090");
        assertThatCode(() -> check(properties)).doesNotThrowAnyException();
    }

    @org.junit.jupiter.api.Test
    void severalAppsNeedTheirOwnCredentialsAndTheSingleAppKeysAreThenNotAsked() {
        Map<String, String> properties = valid();
        properties.remove("pusher.app-id");
        properties.remove("pusher.app-key");
        properties.remove("pusher.app-secret");
        properties.putAll(Map.of("pusher.apps", "prod,staging", "pusher.apps.prod.app-id", "1", "pusher.apps.prod.app-key", "k",
                "pusher.apps.prod.app-secret", "s", "pusher.apps.staging.app-id", "2"));

        assertThatThrownBy(() -> check(properties)).isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining("Missing Pusher credentials: pusher.apps.staging.app-key, pusher.apps.staging.app-secret.")
                .hasMessageContaining("PUSHER_APPS_<NAME>_APP_KEY").hasMessageNotContaining("pusher.app-id");

        properties.put("pusher.apps.staging.app-key", "k2");
        properties.put("pusher.apps.staging.app-secret", "s2");
        assertThatCode(() -> check(properties)).doesNotThrowAnyException();
    }

    private static void check(Map<String, String> properties) {
        Settings.read(key -> Optional.ofNullable(properties.get(key)));
    }

    private static Map<String, String> valid() {
        return DefaultSettings.withCredentials();
    }
}
