package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.pusherpipeline.cli.ConfigurationProblem;
import io.pusherpipeline.cli.Settings;
import io.pusherpipeline.testing.DefaultSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A mistyped events setting is one clear message at start (exit 2), not a surprise at the first file. */
class EventsConfigurationTest {

    private static Map<String, String> valid() {
        Map<String, String> p = DefaultSettings.withCredentials();
        p.put("pusher.sink", "file");
        return p;
    }

    private static void check(Map<String, String> p) {
        Settings.read(key -> Optional.ofNullable(p.get(key)));
    }

    @Test
    void theDefaultsPass() {
        assertThatCode(() -> check(valid())).doesNotThrowAnyException();
    }

    @Test
    void eachBadEventsSettingIsNamedWithWhatItShouldBe() {
        Map<String, String> p = valid();
        p.put("pusher.events.batch-size", "0");
        p.put("pusher.events.max-data-bytes", "10k");
        p.put("pusher.events.pause-retry", "soon");
        assertThatThrownBy(() -> check(p)).isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining("pusher.events.batch-size=0 must be 1 or more")
                .hasMessageContaining("pusher.events.max-data-bytes=10k is not a whole number")
                .hasMessageContaining("pusher.events.pause-retry=soon is not a duration");
    }

    @Test
    void aMasterKeyThatIsNotBase64Of32BytesStopsTheStartWithoutShowingTheKey() {
        Map<String, String> p = valid();
        p.put("pusher.encryption-master-key", "c2hvcnQtY2FuYXJ5LWtleQ==");
        assertThatThrownBy(() -> check(p)).isInstanceOf(ConfigurationProblem.class)
                .hasMessage("pusher.encryption-master-key (environment variable PUSHER_ENCRYPTION_MASTER_KEY) is base64 of 16"
                        + " bytes, not 32: give the base64 of 32 random bytes, such as the output of `openssl rand -base64 32`.");
        p.put("pusher.encryption-master-key", "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=");
        assertThatCode(() -> check(p)).doesNotThrowAnyException();
    }
}
