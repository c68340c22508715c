package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.JdbcDataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events asking for {@code info}: the counts Pusher returns, in the official response shapes of
 * /events (per channel) and /batch_events (per event), kept in apps_events and in the reply.
 */
class EventInfoTest extends EventsRouteTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void theCountsPusherReturnsAreInTheReplyAndTheJournalSummedOverAnEventsChannels() throws Exception {
        pusher.channel("orders", 3).members("presence-room", "ann", "ben");

        List<Map<String, Object>> reply = template.requestBodyAndHeader("direct:pusher-publish", """
                [{"channel": "orders", "name": "counted", "data": 1, "info": "subscription_count"},
                 {"channel": "orders", "name": "uncounted", "data": 2},
                 {"channel": "presence-room", "name": "both", "data": 3, "info": "subscription_count,user_count"},
                 {"channels": ["orders", "presence-room"], "name": "multi", "data": 4, "info": "subscription_count,user_count"}]""",
                PublishSteps.SOURCE_HEADER, "counts", List.class);

        assertThat(pusher.requests()).containsExactly("POST /apps/4242/batch_events", "POST /apps/4242/events");
        assertThat(reply.get(0)).containsEntry("info", Map.of("orders", Map.of("subscription_count", 3)));
        assertThat(reply.get(1)).doesNotContainKey("info");
        assertThat(reply.get(2)).containsEntry("info", Map.of("presence-room", Map.of("subscription_count", 2, "user_count", 2)));
        assertThat(reply.get(3)).containsEntry("info", Map.of("orders", Map.of("subscription_count", 3),
                "presence-room", Map.of("subscription_count", 2, "user_count", 2)));
        assertThat(rows("SELECT event_name, subscription_count, user_count FROM pusher_data.apps_events ORDER BY event_key"))
                .containsExactly(Arrays.asList("counted", 3, null), Arrays.asList("uncounted", null, null),
                        Arrays.asList("both", 2, 2), Arrays.asList("multi", 5, 2));
    }

    @Test
    void anInboxFilesInfoIsKeptInTheJournalToo() throws Exception {
        pusher.channel("news", 7);
        drop("counted.json", "{\"channel\": \"news\", \"name\": \"e\", \"data\": 1, \"info\": \"subscription_count\"}");

        await("counted.json in .done", () -> Files.exists(done("counted.json")));

        assertThat(rows("SELECT subscription_count, user_count FROM pusher_data.apps_events")).containsExactly(Arrays.asList(7, null));
    }

    @Test
    void aJournalOfSchemaVersion3WithoutTheCountColumnsGetsThemInPlaceKeepingItsRows() throws Exception {
        String url = "jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA pusher_data");
            s.execute("CREATE TABLE pusher_data.pusher_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("INSERT INTO pusher_data.pusher_schema VALUES (3, CURRENT_TIMESTAMP)");
            s.execute("CREATE TABLE pusher_data.apps_events (event_key VARCHAR(1200) PRIMARY KEY, published_at TIMESTAMP WITH TIME ZONE"
                    + " NOT NULL, app_id VARCHAR(64) NOT NULL, channels VARCHAR(20000) NOT NULL, event_name VARCHAR(200) NOT NULL,"
                    + " data_bytes INTEGER NOT NULL, http_status INTEGER NOT NULL)");
            s.execute("INSERT INTO pusher_data.apps_events VALUES ('old#0#x', CURRENT_TIMESTAMP, '1', '[\"a\"]', 'e', 1, 200)");
        }
        JdbcDataSource builder = new JdbcDataSource();
        builder.setUrl(url);
        try (EventJournal journal = new EventJournal(Destination.database(builder.build(), url, "pusher_data"))) {
            journal.prepare();
            PusherEvent event = new PusherEvent(0, List.of("a"), "new", "1", null, "subscription_count");
            journal.record("1", "new.json", List.of(event), 200, Map.of(0, new EventCounts(Map.of("a", Map.of("subscription_count", 4)))));
        }
        assertThat(rows("SELECT event_name, subscription_count FROM pusher_data.apps_events ORDER BY event_name", url))
                .containsExactly(Arrays.asList("e", null), Arrays.asList("new", 4));
    }
}
