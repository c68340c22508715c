package io.pusherpipeline.testing;

import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * The real routes of {@code routes/} and application.properties under Camel Main, with no snapshot
 * timer, for tests that need no fake Pusher (the webhook receiver's): a subclass gives its overrides.
 */
public abstract class RealRoutesTestSupport extends CamelMainTestSupport {

    /**
     * The properties over application.properties. Camel's test support calls this from its
     * constructor, so it must not read the subclass's field initialisers.
     */
    protected abstract Properties overrides();

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides());
        for (String route : snapshotRoutes()) {
            configuration.replaceRouteFromWith(route, "direct:no-" + route);
        }
    }

    /** The snapshot routes whose timers are replaced: the single app's, unless a subclass has several apps. */
    protected List<String> snapshotRoutes() {
        return List.of("pusher-snapshot");
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    /** One app, its webhooks received on {@code port} and stored in {@code db}. */
    public static Properties webhookReceiver(String appId, String key, String secret, TestDatabase db, int port) {
        Properties p = new Properties();
        p.setProperty("pusher.app-id", appId);
        p.setProperty("pusher.app-key", key);
        p.setProperty("pusher.app-secret", secret);
        p.setProperty("pusher.jdbc.url", db.url());
        p.setProperty("pusher.jdbc.user", db.user());
        p.setProperty("pusher.jdbc.password", db.password());
        p.setProperty("pusher.webhooks.enabled", "true");
        p.setProperty("pusher.webhooks.port", Integer.toString(port));
        return p;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
