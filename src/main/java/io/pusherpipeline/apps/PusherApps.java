package io.pusherpipeline.apps;

import io.pusherpipeline.signing.SignRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The apps to snapshot: those named by {@code pusher.apps} (keys {@code pusher.apps.<name>.*}),
 * or, when it is empty, the one app of {@code pusher.app-id}, {@code pusher.app-key}, ...
 * As the bean {@value #BEAN} (routes/pusher-beans.yaml) it reads them from its Camel context's properties on first use.
 */
public final class PusherApps implements CamelContextAware {

    /** The registry name the snapshot routes find the apps under. */
    public static final String BEAN = "pusherApps";

    private CamelContext context;
    private Map<String, PusherApp> byName;
    private PusherApp single;

    public PusherApps() {
    }

    private PusherApps(Map<String, PusherApp> byName, PusherApp single) {
        this.byName = byName;
        this.single = single;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    private synchronized Map<String, PusherApp> byName() {
        if (byName == null) {
            PusherApps read = read(key -> context.getPropertiesComponent().resolveProperty(key));
            byName = read.byName;
            single = read.single;
        }
        return byName;
    }

    private synchronized PusherApp single() {
        byName();
        return single;
    }

    /** The names in {@code pusher.apps}; one empty name for the single app of the {@code pusher.app-*} keys. */
    public static List<String> names(String apps) {
        List<String> names = apps == null ? List.of()
                : Arrays.stream(apps.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        return names.isEmpty() ? List.of("") : names;
    }

    /** The key of one app's setting: {@code pusher.app-id} for the single app, {@code pusher.apps.prod.app-id} for app prod. */
    public static String key(String name, String setting) {
        return name.isEmpty() ? "pusher." + setting : "pusher.apps." + name + "." + setting;
    }

    /** Reads every app's settings; a missing credential is left empty here and reported by the start-up check. */
    public static PusherApps read(Function<String, Optional<String>> properties) {
        Map<String, PusherApp> apps = new LinkedHashMap<>();
        for (String name : names(properties.apply("pusher.apps").orElse(""))) {
            apps.put(name, app(name, properties));
        }
        // Read beside pusher.apps too: publishing's default app, and terminate_connections' app.
        return new PusherApps(apps, app("", properties));
    }

    private static PusherApp app(String name, Function<String, Optional<String>> properties) {
        SignRequest signer = new SignRequest();
        signer.setAppKey(value(properties, key(name, "app-key")));
        signer.setAppSecret(value(properties, key(name, "app-secret")));
        return new PusherApp(name, value(properties, key(name, "app-id")), baseUri(name, properties), signer);
    }

    /**
     * The single app uses pusher.scheme, pusher.host and pusher.port as before. An app of several
     * uses its own host when set, else api-{its app-cluster, or pusher.app-cluster}.pusher.com, and
     * its own scheme and port when set, else the shared ones.
     */
    private static String baseUri(String name, Function<String, Optional<String>> properties) {
        if (name.isEmpty()) {
            return value(properties, "pusher.scheme") + "://" + value(properties, "pusher.host") + ":" + value(properties, "pusher.port");
        }
        String host = own(properties, key(name, "host")).orElseGet(() -> "api-"
                + own(properties, key(name, "app-cluster")).orElseGet(() -> value(properties, "pusher.app-cluster")) + ".pusher.com");
        return own(properties, key(name, "scheme")).orElseGet(() -> value(properties, "pusher.scheme")) + "://" + host + ":"
                + own(properties, key(name, "port")).orElseGet(() -> value(properties, "pusher.port"));
    }

    private static Optional<String> own(Function<String, Optional<String>> properties, String key) {
        return properties.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String value(Function<String, Optional<String>> properties, String key) {
        return properties.apply(key).map(String::strip).orElse("");
    }

    /** The app of a snapshot route, by its name in {@code pusher.apps} ("" for the single app). */
    public PusherApp get(String name) {
        PusherApp app = byName().get(name);
        if (app == null) {
            throw new IllegalArgumentException("Parameter [app] must be one of pusher.apps " + byName().keySet() + ", was: " + name);
        }
        return app;
    }

    /** The names of {@code pusher.apps}; empty for the single app. */
    public List<String> named() {
        return byName().keySet().stream().filter(name -> !name.isEmpty()).toList();
    }

    /** The app events are published to by name: "" is the app of {@code pusher.app-id}, else one of {@code pusher.apps}. */
    public PusherApp forPublishing(String name) {
        return name == null || name.isEmpty() ? single() : get(name);
    }

    /**
     * The app of events that name none: the app of {@code pusher.app-id} ("") when set or when there is
     * no {@code pusher.apps}; else the one app of {@code pusher.apps}; with several, none (they must say).
     */
    public Optional<String> defaultForEvents() {
        List<String> named = named();
        if (!single().id().isEmpty() || named.isEmpty()) {
            return Optional.of("");
        }
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    public List<PusherApp> all() {
        return new ArrayList<>(byName().values());
    }
}
