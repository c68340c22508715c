package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher.Delivered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.Test;

/** The outbox route of docs/publishing.md, taken from it as written and run against a fake Pusher. */
class ReadmeOutboxRouteTest extends EventsRouteTestSupport {

    private static final String MARKER = "<!-- outbox-route:";

    // Set in configureContext, which Camel's test support calls from the constructor, before field initialisers.
    private String outboxUrl;

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        outboxUrl = "jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // The table first: the route's first tick may come before the test body runs.
        sql("CREATE SCHEMA app", "CREATE TABLE app.outbox (id BIGINT PRIMARY KEY, event VARCHAR(20000) NOT NULL,"
                + " sent_at TIMESTAMP WITH TIME ZONE, error VARCHAR(4000))");
        Properties p = new Properties();
        p.setProperty("outbox.jdbc.url", outboxUrl);
        p.setProperty("outbox.period", "100");
        configuration.withUseOverridePropertiesWithPropertiesComponent(merged(p));
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        Path route = Path.of("target/readme-outbox/orders-outbox.yaml");
        try {
            String readme = Files.readString(Path.of("docs/publishing.md"));
            String after = readme.substring(readme.indexOf(MARKER));
            String yaml = after.substring(after.indexOf("```yaml\n") + 8, after.indexOf("\n```", after.indexOf("```yaml\n")));
            Files.createDirectories(route.getParent());
            Files.writeString(route, yaml + "\n");
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new IllegalStateException("docs/publishing.md has no ```yaml block after " + MARKER, e);
        }
        configuration.withRoutesIncludePattern("file:routes/*.yaml,file:" + route);
    }

    @Test
    void rowsAreMarkedSentOnlyAfterPusherAcceptedAndARefusedRowIsSetAsideWithItsReason() throws Exception {
        pusher.answer(".*/batch_events", 5, 503, "down for maintenance", Map.of());
        sql("INSERT INTO app.outbox (id, event) VALUES (1, '{\"channel\": \"orders\", \"name\": \"created\", \"data\": {\"id\": 1}}')",
                "INSERT INTO app.outbox (id, event) VALUES (2, '{\"channel\": \"private-encrypted-x\", \"name\": \"e\", \"data\": 1}')",
                "INSERT INTO app.outbox (id, event) VALUES (3, '{\"channels\": [\"orders\", \"audit\"], \"name\": \"paid\", \"data\": \"3\"}')");

        await("503s spent", () -> pusher.requests().size() >= 5);
        assertThat(outbox("sent_at IS NOT NULL")).as("nothing marked sent while Pusher refused").isZero();

        await("rows 1 and 3 sent, row 2 set aside", () -> outbox("sent_at IS NOT NULL") == 2 && outbox("error IS NOT NULL") == 1);
        assertThat(pusher.delivered()).containsExactly(new Delivered("orders", "created", "{\"id\":1}"),
                new Delivered("orders", "paid", "3"), new Delivered("audit", "paid", "3"));
        assertThat(rows("SELECT error FROM app.outbox WHERE id = 2", outboxUrl).get(0).get(0).toString())
                .contains("event 0, channel: \"private-encrypted-x\" is end-to-end encrypted");
        assertThat(rows("SELECT event_key FROM pusher_data.apps_events ORDER BY event_key").stream().map(r -> (String) r.get(0)))
                .allMatch(k -> k.startsWith("outbox-1#0#") || k.startsWith("outbox-3#0#")).hasSize(2);
    }

    private long outbox(String where) {
        try {
            return ((Number) rows("SELECT COUNT(*) FROM app.outbox WHERE " + where, outboxUrl).get(0).get(0)).longValue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String... statements) {
        try (Connection c = DriverManager.getConnection(outboxUrl); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
