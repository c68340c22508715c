package io.pusherpipeline.snapshot;

import io.pusherpipeline.testing.FakePusher;
import io.pusherpipeline.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Runs the real routes of {@code routes/} with Camel Main against a {@link FakePusher} and a
 * fresh database (in-memory H2 unless a class picks another). A snapshot is taken when a test
 * calls {@link #takeSnapshot()}.
 */
abstract class SnapshotRouteTestSupport extends CamelMainTestSupport {

    static final String APP_ID = "4242";
    static final String KEY = "test-key";
    static final String SECRET = "test-secret-canary";

    // Camel's test support reads the properties while constructing the test instance, so the
    // server exists before any JUnit callback runs; it is shared by the route tests and ends with the JVM.
    static final FakePusher pusher = FakePusher.start(APP_ID, KEY, SECRET);

    TestDatabase db;

    /** Properties a test class changes on top of the defaults. */
    protected Properties extraProperties() {
        return new Properties();
    }

    /**
     * The database of one test. Camel's test support calls this from its constructor (see
     * {@link #configureContext}), so it must not read the subclass's instance fields.
     */
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        db = newDatabase();
        Properties p = pusher.settings();
        p.setProperty("pusher.snapshot.once", "true");
        p.setProperty("pusher.jdbc.url", db.url());
        p.setProperty("pusher.jdbc.user", db.user());
        p.setProperty("pusher.jdbc.password", db.password());
        p.setProperty("pusher.http.backoff", "20ms");
        p.setProperty("pusher.http.timeout", "2s");
        p.putAll(extraProperties());
        configuration.withUseOverridePropertiesWithPropertiesComponent(p);
        // The timer is the jar's business (the end-to-end tests); here a test says when.
        configuration.replaceRouteFromWith("pusher-snapshot", "direct:take-snapshot");
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    /** Takes one snapshot, as a tick of the timer would, and returns it once it has ended. */
    protected Snapshot takeSnapshot() {
        Exchange done = template.send("direct:take-snapshot", e -> { });
        return done.getProperty(SnapshotSteps.PROPERTY, Snapshot.class);
    }

    protected List<List<Object>> rows(String sql) throws SQLException {
        return db.rows(sql);
    }
}
