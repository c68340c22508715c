package io.pusherpipeline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The pusher.* settings as the jar ships them (application.properties), plus credentials: what a
 * start with only PUSHER_APP_ID, PUSHER_APP_KEY and PUSHER_APP_SECRET set sees. Tests of the
 * start-up check change one setting of these, so every check meets the real defaults.
 */
public final class DefaultSettings {

    private DefaultSettings() {
    }

    public static Map<String, String> withCredentials() {
        Properties shipped = new Properties();
        try (InputStream in = DefaultSettings.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>();
        shipped.stringPropertyNames().stream().filter(key -> key.startsWith("pusher."))
                .forEach(key -> settings.put(key, shipped.getProperty(key).strip()));
        settings.putAll(Map.of("pusher.app-id", "1", "pusher.app-key", "k", "pusher.app-secret", "s"));
        return settings;
    }
}
