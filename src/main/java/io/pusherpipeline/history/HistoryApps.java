package io.pusherpipeline.history;

import io.pusherpipeline.apps.PusherApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The apps whose history is served: the single app of {@code pusher.app-*} or every app of
 * {@code pusher.apps}, found by key (an {@code auth} or {@code auth_key}) or by id ({@code ?app=}).
 * Holds the secrets; prints none.
 */
final class HistoryApps {

    /** One app's id, key and secret. */
    record App(String id, String key, String secret) {
        @Override
        public String toString() {
            return "app " + id;
        }
    }

    private final List<App> apps;

    HistoryApps(List<App> apps) {
        this.apps = List.copyOf(apps);
    }

    /** The apps with an id, a key and a secret; the others cannot sign, so nothing of theirs is served. */
    static HistoryApps read(Function<String, Optional<String>> properties) {
        List<App> apps = new ArrayList<>();
        for (String name : PusherApps.names(properties.apply("pusher.apps").orElse(""))) {
            App app = new App(value(properties, PusherApps.key(name, "app-id")), value(properties, PusherApps.key(name, "app-key")),
                    value(properties, PusherApps.key(name, "app-secret")));
            if (!app.id().isEmpty() && !app.key().isEmpty() && !app.secret().isEmpty()) {
                apps.add(app);
            }
        }
        return new HistoryApps(apps);
    }

    Optional<App> byKey(String key) {
        return apps.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    Optional<App> byId(String id) {
        return apps.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** The one app when only one is configured. */
    Optional<App> only() {
        return apps.size() == 1 ? Optional.of(apps.get(0)) : Optional.empty();
    }

    List<String> ids() {
        return apps.stream().map(App::id).toList();
    }

    private static String value(Function<String, Optional<String>> properties, String key) {
        return properties.apply(key).map(String::strip).orElse("");
    }

    @Override
    public String toString() {
        return "history apps " + ids();
    }
}
