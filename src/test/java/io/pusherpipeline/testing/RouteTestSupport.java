package io.pusherpipeline.testing;

import java.util.List;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the real routes of {@code routes/} with Camel Main against a {@link FakePusher} shared by
 * every route test; a subclass adds the properties of its kind of test and says what replaces the
 * snapshot timer. What a test set up on the fake is forgotten after it.
 */
public abstract class RouteTestSupport extends CamelMainTestSupport {

    public static final String APP_ID = "4242";
    public static final String KEY = "test-key";
    public static final String SECRET = "test-secret-canary";

    // Camel's test support reads the properties while constructing the test instance, so the
    // server exists before any JUnit callback runs; it ends with the JVM.
    protected static final FakePusher pusher = FakePusher.start(APP_ID, KEY, SECRET);

    private Properties overrides;

    /**
     * The properties of this kind of route test, on top of the fake's. Camel's test support calls
     * this from its constructor, so it must not read the subclass's field initialisers.
     */
    protected abstract Properties routeProperties();

    /** The endpoint the snapshot timer's route starts from instead: the timer is the jar's business. */
    protected abstract String snapshotTrigger();

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        overrides = pusher.settings();
        overrides.setProperty("pusher.http.backoff", "20ms");
        overrides.setProperty("pusher.http.timeout", "2s");
        overrides.putAll(routeProperties());
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides);
        List<String> routes = snapshotRoutes();
        for (String route : routes) {
            // Two routes cannot consume one direct endpoint: with several apps each gets its own.
            configuration.replaceRouteFromWith(route, routes.size() == 1 ? snapshotTrigger() : snapshotTrigger() + "-" + route);
        }
    }

    /** The snapshot routes whose timers are replaced: the single app's, unless a subclass has several apps. */
    protected List<String> snapshotRoutes() {
        return List.of("pusher-snapshot");
    }

    /** The properties set here, with {@code more} on top. */
    protected Properties merged(Properties more) {
        Properties all = new Properties();
        all.putAll(overrides);
        all.putAll(more);
        return all;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @AfterEach
    void forgetPusherState() {
        pusher.reset();
    }
}
