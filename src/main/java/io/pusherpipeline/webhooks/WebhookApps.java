package io.pusherpipeline.webhooks;

import io.pusherpipeline.apps.PusherApps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The apps whose webhooks are accepted, by app key: the single app of {@code pusher.app-*} or
 * every app of {@code pusher.apps}. Holds the secrets; prints none.
 */
final class WebhookApps {

    /** The id and secret of the app a webhook's key names. */
    record App(String id, String secret) {
        @Override
        public String toString() {
            return "app " + id;
        }
    }

    private final Map<String, App> byKey;

    private WebhookApps(Map<String, App> byKey) {
        this.byKey = byKey;
    }

    static WebhookApps read(Function<String, Optional<String>> properties) {
        Map<String, App> byKey = new LinkedHashMap<>();
        for (String name : PusherApps.names(properties.apply("pusher.apps").orElse(""))) {
            String key = value(properties, PusherApps.key(name, "app-key"));
            String secret = value(properties, PusherApps.key(name, "app-secret"));
            if (!key.isEmpty() && !secret.isEmpty()) {
                byKey.put(key, new App(value(properties, PusherApps.key(name, "app-id")), secret));
            }
        }
        return new WebhookApps(byKey);
    }

    /** One app given by its credentials (the webhook-source Kamelet's parameters), not by settings. */
    static WebhookApps single(String id, String key, String secret) {
        return new WebhookApps(Map.of(key.strip(), new App(id.strip(), secret)));
    }

    Optional<App> byKey(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key.strip()));
    }

    private static String value(Function<String, Optional<String>> properties, String key) {
        return properties.apply(key).map(String::strip).orElse("");
    }

    @Override
    public String toString() {
        return "webhook apps " + byKey.values();
    }
}
