package io.pusherpipeline.events;

import io.pusherpipeline.testing.RouteTestSupport;
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
import org.awaitility.Awaitility;

/** The publishing routes against the fake Pusher, a fresh inbox folder and a fresh in-memory H2 journal per test. */
abstract class EventsRouteTestSupport extends RouteTestSupport {

    Path inbox;
    String jdbcUrl;

    @Override
    protected Properties routeProperties() {
        try {
            inbox = Files.createTempDirectory("pusher-inbox-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbcUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = new Properties();
        p.setProperty("pusher.jdbc.url", jdbcUrl);
        p.setProperty("pusher.events.dir", inbox.toString());
        p.setProperty("pusher.events.settle-time", "100ms");
        p.setProperty("pusher.events.poll-delay", "50");
        // Long enough that a test sees the files kept between two tries, even on a busy machine.
        p.setProperty("pusher.events.pause-retry", "1s");
        return p;
    }

    /** No snapshots here: the timer route gets an endpoint no test calls. */
    @Override
    protected String snapshotTrigger() {
        return "direct:no-snapshot";
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
        Awaitility.await(what).atMost(deadline).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
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
