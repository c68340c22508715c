package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.pusherpipeline.ConfigurationProblem;
import io.pusherpipeline.StartupCheck;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A mistyped events setting is one clear message at start (exit 2), not a surprise at the first file. */
class EventsConfigurationTest {

    private static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>(Map.of("pusher.app-id", "1", "pusher.app-key", "k", "pusher.app-secret", "s",
                "pusher.snapshot.period", "60s", "pusher.http.timeout", "10s", "pusher.http.concurrency", "8",
                "pusher.sink", "file"));
        p.putAll(Map.of("pusher.events.batch-size", "10", "pusher.events.max-data-bytes", "10240",
                "pusher.events.settle-time", "1s", "pusher.events.pause-retry", "30s"));
        return p;
    }

    private static void check(Map<String, String> p) {
        new StartupCheck(key -> Optional.ofNullable(p.get(key))).run();
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
}
