package io.pusherpipeline.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.DefaultSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pusher.archive.run, which the archiver route's precondition reads: on only when enabled, and never with --once. */
class ArchiveSettingsTest {

    @ParameterizedTest(name = "enabled={0}, once={1}: runs {2}")
    @CsvSource({"false, false, false", "true, false, true", "true, true, false", "false, true, false"})
    void theArchiverRunsWhenEnabledButNotWithOnce(String enabled, String once, String runs) throws Exception {
        Map<String, String> settings = DefaultSettings.withCredentials();
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put("pusher.archive.enabled", enabled);
        properties.put("pusher.snapshot.once", once);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(properties);
            assertThat(context.resolvePropertyPlaceholders("{{pusher.archive.run}}")).isEqualTo(runs);
            assertThat(context.resolvePropertyPlaceholders("{{pusher.archive.channels}}")).isEqualTo("*");
        }
    }
}
