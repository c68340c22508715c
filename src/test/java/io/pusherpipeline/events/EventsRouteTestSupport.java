package io.pusherpipeline.events;

import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the real routes of {@code routes/} with Camel Main against a signature-checking
 * {@link FakePusher}, a fresh inbox folder and a fresh in-memory H2 journal per test.
 */
abstract class EventsRouteTestSupport extends CamelMainTestSupport {

    static final String APP_ID = "4242";
    static final String KEY = "test-key";
    static final String SECRET = "test-secret-canary";

    // Camel's test support reads the properties while constructing the test instance: the server
    // exists before any JUnit callback; it ends with the JVM.
    static final FakePusher pusher = FakePusher.start(APP_ID, KEY, SECRET);

    Path inbox;
    String jdbcUrl;
    private Properties overrides;

    /** The properties set here, with a subclass's on top. */
    protected Properties merged(Properties more) {
        Properties all = new Properties();
        all.putAll(overrides);
        all.putAll(more);
        return all;
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        try {
            inbox = Files.createTempDirectory("pusher-inbox-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbcUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = pusher.settings();
        p.setProperty("pusher.jdbc.url", jdbcUrl);
        p.setProperty("pusher.http.backoff", "20ms");
        p.setProperty("pusher.http.timeout", "2s");
        p.setProperty("pusher.events.dir", inbox.toString());
        p.setProperty("pusher.events.settle-time", "100ms");
        p.setProperty("pusher.events.poll-delay", "50");
        // Long enough that a test sees the files kept between two tries, even on a busy machine.
        p.setProperty("pusher.events.pause-retry", "1s");
        overrides = p;
        configuration.withUseOverridePropertiesWithPropertiesComponent(p);
        // No snapshots here: the timer route gets an endpoint no test calls.
        configuration.replaceRouteFromWith("pusher-snapshot", "direct:no-snapshot");
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

    /** Drops a file as the README tells writers to: written under a hidden name, then renamed. */
    protected Path drop(String name, String json) {
        try {
            Path temporary = inbox.resolve("." + name + ".tmp");
            Files.writeString(temporary, json);
            return Files.move(temporary, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Path done(String name) {
        return inbox.resolve(".done").resolve(name);
    }

    protected Path error(String name) {
        return inbox.resolve(".error").resolve(name);
    }

    protected static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(15), condition);
    }

    protected static void await(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    protected List<List<Object>> rows(String sql) throws SQLException {
        return rows(sql, jdbcUrl);
    }

    protected List<List<Object>> rows(String sql, String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
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

    /** {@code count} single-channel events on {@code channel}, named e-0..e-(count-1), data {"n":i}. */
    protected static String events(String channel, int count) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"channel\":\"").append(channel).append("\",\"name\":\"e-").append(i)
                    .append("\",\"data\":{\"n\":").append(i).append("}}");
        }
        return json.append("]").toString();
    }
}
