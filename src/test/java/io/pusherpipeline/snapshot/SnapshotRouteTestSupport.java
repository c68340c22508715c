package io.pusherpipeline.snapshot;

import io.pusherpipeline.testing.FakePusher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Runs the real routes of {@code routes/} with Camel Main against a {@link FakePusher} and an
 * in-memory H2 database. A snapshot is taken when a test calls {@link #takeSnapshot()}.
 */
abstract class SnapshotRouteTestSupport extends CamelMainTestSupport {

    static final String APP_ID = "4242";
    static final String KEY = "test-key";
    static final String SECRET = "test-secret-canary";

    // Camel's test support reads the properties while constructing the test instance, so the
    // server exists before any JUnit callback runs; it is shared by the route tests and ends with the JVM.
    static final FakePusher pusher = FakePusher.start(APP_ID, KEY, SECRET);

    String jdbcUrl;

    /** Properties a test class changes on top of the defaults. */
    protected Properties extraProperties() {
        return new Properties();
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        jdbcUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = new Properties();
        p.setProperty("pusher.app-id", APP_ID);
        p.setProperty("pusher.app-key", KEY);
        p.setProperty("pusher.app-secret", SECRET);
        p.setProperty("pusher.scheme", "http");
        p.setProperty("pusher.host", "127.0.0.1");
        p.setProperty("pusher.port", Integer.toString(pusher.port()));
        p.setProperty("pusher.snapshot.once", "true");
        p.setProperty("pusher.jdbc.url", jdbcUrl);
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

    /** Takes one snapshot, as a tick of the timer would, and returns once it has ended. */
    protected void takeSnapshot() {
        template.sendBody("direct:take-snapshot", null);
    }

    protected List<List<Object>> rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
