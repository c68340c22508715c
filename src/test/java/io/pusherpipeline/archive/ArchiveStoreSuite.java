package io.pusherpipeline.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.testing.TestDatabase;
import io.pusherpipeline.webhooks.WebhookBatch;
import io.pusherpipeline.webhooks.WebhookStore;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The archiver's rows on a real database: events once each, numbered per channel; one open gap at a time; a client
 * event that the client_event webhook brings too is one row, whichever comes first.
 */
abstract class ArchiveStoreSuite {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    private TestDatabase db;
    private DataSource pool;
    private ArchiveStore store;
    private WebhookStore webhooks;

    protected abstract TestDatabase newDatabase();

    @BeforeEach
    void open() throws Exception {
        db = newDatabase();
        // Makes the DuckDB file's folder (TestDatabase.connect), which the pool does not.
        db.connect().close();
        pool = DataSources.forUrl(db.url(), db.user(), db.password());
        store = new ArchiveStore(Destination.database(pool, db.url(), "pusher_data"));
        store.prepare();
        webhooks = new WebhookStore();
        webhooks.setDestination(Destination.database(pool, db.url(), "pusher_data"));
    }

    @AfterEach
    void close() {
        webhooks.close();
        DataSources.close(pool, "the test pool");
    }

    @Test
    void aBatchIsStoredOnceAndNumberedPerChannel() throws Exception {
        List<ChannelEvent> batch = List.of(event("news", "a", "k1"), event("news", "a", "k2"), event("private-orders", "b", "k3"));
        assertThat(store.write("1", batch)).isEqualTo(3);
        assertThat(store.write("1", batch)).as("the same frames again").isZero();
        assertThat(db.rows("SELECT channel_name, seq, data, source FROM pusher_data.channel_events ORDER BY channel_name, seq"))
                .containsExactly(Arrays.asList("news", 1L, "a", "archiver"), Arrays.asList("news", 2L, "a", "archiver"),
                        Arrays.asList("private-orders", 1L, "b", "archiver"));
    }

    @Test
    void aBatchNeverOfferedBeforeSkipsTheLookupAndAStoredKeyInItIsRefusedNotDoubled() throws Exception {
        List<ChannelEvent> batch = List.of(event("news", "a", "k1"), event("news", "b", "k2"));
        assertThat(store.write("1", batch, false)).isEqualTo(2);
        assertThatThrownBy(() -> store.write("1", List.of(event("news", "c", "k3"), event("news", "a", "k1")), false))
                .isInstanceOf(SQLException.class);
        assertThat(store.write("1", List.of(event("news", "c", "k3"), event("news", "a", "k1")), true)).as("after a failed write")
                .isEqualTo(1);
        assertThat(db.rows("SELECT seq, data FROM pusher_data.channel_events ORDER BY seq"))
                .containsExactly(Arrays.asList(1L, "a"), Arrays.asList(2L, "b"), Arrays.asList(3L, "c"));
    }

    @Test
    void aGapStaysOneWhileOpenAndClosesWhenConnected() throws Exception {
        store.openGap("1", T0, "archiver starting");
        store.openGap("1", T0.plusSeconds(5), "archiver disconnected (close code 4200)");
        assertThat(db.rows("SELECT started_at IS NOT NULL, ended_at, reason FROM pusher_data.channel_gaps"))
                .containsExactly(Arrays.asList(true, null, "archiver starting"));
        assertThat(store.closeGaps("1", T0.plusSeconds(9))).isEqualTo(1);
        store.openGap("1", T0.plusSeconds(20), "archiver disconnected (close code 4200)");
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.channel_gaps WHERE ended_at IS NULL")).containsExactly(List.of(1L));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.channel_gaps")).containsExactly(List.of(2L));
    }

    @Test
    void eventsDroppedWhileTheDatabaseWasAwayAreAGapOfTheirOwnBesideAnOpenOne() throws Exception {
        store.openGap("1", T0, "archiver disconnected");
        store.recordGap("1", T0.plusSeconds(30), T0.plusSeconds(40), "the database did not take 7 events");

        assertThat(store.closeGaps("1", T0.plusSeconds(50))).as("only the open one").isEqualTo(1);
        assertThat(db.rows("SELECT reason FROM pusher_data.channel_gaps WHERE ended_at - started_at = INTERVAL '10' SECOND"))
                .containsExactly(List.of("the database did not take 7 events"));
    }

    @Test
    void aClientEventTheArchiverStoredFirstBecomesTheWebhooksRow() throws Exception {
        store.write("1", List.of(clientEvent(T0.plusNanos(300_000_000), "a1")));
        assertThat(webhooks.store(webhook(T0.toInstant().toEpochMilli(), "1.2"))).isEqualTo(1);
        assertThat(db.rows("SELECT seq, event_name, data, source, socket_id, event_key FROM pusher_data.channel_events"))
                .containsExactly(Arrays.asList(1L, "client-typing", "{\"t\":1}", "client_event", "1.2", "a1"));
    }

    @Test
    void aClientEventTheWebhookStoredFirstIsNotStoredAgainByTheArchiver() throws Exception {
        webhooks.store(webhook(T0.toInstant().toEpochMilli(), "1.2"));
        assertThat(store.write("1", List.of(clientEvent(T0.plusSeconds(2), "a1")))).isEqualTo(1);
        assertThat(db.rows("SELECT seq, source, socket_id, event_key FROM pusher_data.channel_events"))
                .containsExactly(Arrays.asList(1L, "client_event", "1.2", "a1"));
        assertThat(store.write("1", List.of(clientEvent(T0.plusSeconds(2), "a1")))).as("the same frame again").isZero();
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.channel_events")).containsExactly(List.of(1L));
    }

    @Test
    void twoEqualClientEventsStayTwoRowsWhateverTheOrder() throws Exception {
        long t0 = T0.toInstant().toEpochMilli();
        store.write("1", List.of(clientEvent(T0, "a1")));
        webhooks.store(webhook(t0, "1.2"));
        webhooks.store(webhook(t0 + 1, "1.3"));
        store.write("1", List.of(clientEvent(T0.plusSeconds(1), "a2")));
        webhooks.store(webhook(t0 + 2, "1.4"));
        store.write("1", List.of(clientEvent(T0.plusSeconds(1), "a3"), clientEvent(T0.plusSeconds(1), "a4")));
        assertThat(db.rows("SELECT seq, source, socket_id, event_key FROM pusher_data.channel_events ORDER BY seq"))
                .containsExactly(Arrays.asList(1L, "client_event", "1.2", "a1"), Arrays.asList(2L, "client_event", "1.3", "a2"),
                        Arrays.asList(3L, "client_event", "1.4", "a3"), Arrays.asList(4L, "archiver", null, "a4"));
    }

    @Test
    void clientEventsFurtherApartThanTheWindowAreTwoRows() throws Exception {
        store.write("1", List.of(clientEvent(T0, "a1")));
        webhooks.store(webhook(T0.plusSeconds(11).toInstant().toEpochMilli(), "1.2"));
        store.write("1", List.of(new ChannelEvent("1", "private-chat", "client-typing", "{\"t\":2}", null, null,
                ChannelEvent.ARCHIVER, T0.plusSeconds(11), "a2")));
        store.write("1", List.of(new ChannelEvent("1", "private-chat", "typing", "{\"t\":1}", null, null,
                ChannelEvent.ARCHIVER, T0.plusSeconds(11), "a3")));
        assertThat(db.rows("SELECT seq, source, event_key FROM pusher_data.channel_events ORDER BY seq"))
                .as("too far apart; other data; a server's event, never a client's")
                .containsExactly(Arrays.asList(1L, "archiver", "a1"), Arrays.asList(2L, "client_event",
                        db.rows("SELECT event_key FROM pusher_data.webhook_events").get(0).get(0)),
                        Arrays.asList(3L, "archiver", "a2"), Arrays.asList(4L, "archiver", "a3"));
    }

    @Test
    void theArchiverAloneVacatesTheChannelAtThatCountWhicheverComesFirst() throws Exception {
        long t0 = T0.toInstant().toEpochMilli();
        Map<String, Instant> subscribed = Map.of("news", T0.toInstant().plusMillis(500));
        List<WebhookBatch> batches = List.of(channel(t0, "channel_occupied"), count(t0 + 1_000, 2), count(t0 + 10_000, 1),
                channel(t0 + 10_200, "channel_vacated"));
        for (WebhookBatch batch : batches) {
            webhooks.store(OwnSocket.leftOut(batch, subscribed, Map.of()));
        }
        List<List<Object>> inOrder = occupancy();
        assertThat(inOrder).containsExactly(List.of(T0.toInstant(), T0.toInstant().plusSeconds(10), "webhook", "webhook"));
        close();
        open();
        for (WebhookBatch batch : List.of(batches.get(3), batches.get(2), batches.get(1), batches.get(0))) {
            webhooks.store(OwnSocket.leftOut(batch, subscribed, Map.of()));
        }
        assertThat(occupancy()).as("the real channel_vacated first").isEqualTo(inOrder);
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_events WHERE data = '" + OwnSocket.VACATED + "'"))
                .containsExactly(List.of(1L));
    }

    @Test
    void aClientBackWhileTheArchiverIsStillThereOccupiesTheChannelAgain() throws Exception {
        long t0 = T0.toInstant().toEpochMilli();
        Map<String, Instant> subscribed = Map.of("news", T0.toInstant().plusMillis(500));
        Map<String, Instant> alone = Map.of("news", T0.toInstant().plusSeconds(10));
        webhooks.store(channel(t0, "channel_occupied"));
        webhooks.store(OwnSocket.leftOut(count(t0 + 10_000, 1), subscribed, Map.of()));
        webhooks.store(OwnSocket.leftOut(count(t0 + 12_000, 2), subscribed, alone));
        webhooks.store(OwnSocket.leftOut(count(t0 + 20_000, 1), subscribed, Map.of()));
        webhooks.store(OwnSocket.leftOut(channel(t0 + 20_100, "channel_vacated"), Map.of(), Map.of()));
        webhooks.store(OwnSocket.leftOut(count(t0 + 20_000, 1), subscribed, Map.of()));
        assertThat(occupancy()).as("a count delivered again adds nothing").containsExactly(
                List.of(T0.toInstant(), T0.toInstant().plusSeconds(10), "webhook", "webhook"),
                List.of(T0.toInstant().plusSeconds(12), T0.toInstant().plusSeconds(20), "webhook", "webhook"));
    }

    @Test
    void aCountOfOneIsAClientAloneWhenTheArchiverIsNotThere() throws Exception {
        long t0 = T0.toInstant().toEpochMilli();
        webhooks.store(channel(t0, "channel_occupied"));
        webhooks.store(OwnSocket.leftOut(count(t0 + 10_000, 1), Map.of("news", T0.toInstant().plusSeconds(20)), Map.of()));
        webhooks.store(OwnSocket.leftOut(count(t0 + 11_000, 1), Map.of("other", T0.toInstant()), Map.of()));
        assertThat(db.rows("SELECT occupied_at, vacated_at FROM pusher_data.channel_occupancy"))
                .as("subscribed after the count; subscribed elsewhere").containsExactly(Arrays.asList(T0.toInstant(), null));
    }

    private List<List<Object>> occupancy() throws Exception {
        return db.rows("SELECT occupied_at, vacated_at, occupied_by, vacated_by FROM pusher_data.channel_occupancy"
                + " WHERE channel_name = 'news' ORDER BY occupied_at");
    }

    private static WebhookBatch channel(long timeMs, String name) {
        return batch("{\"time_ms\":" + timeMs + ",\"events\":[{\"name\":\"" + name + "\",\"channel\":\"news\"}]}");
    }

    private static WebhookBatch count(long timeMs, int count) {
        return batch("{\"time_ms\":" + timeMs + ",\"events\":[{\"name\":\"subscription_count\",\"channel\":\"news\","
                + "\"subscription_count\":" + count + "}]}");
    }

    private static WebhookBatch batch(String body) {
        return WebhookBatch.parse("1", body.getBytes(StandardCharsets.UTF_8));
    }

    private static ChannelEvent clientEvent(OffsetDateTime receivedAt, String key) {
        return new ChannelEvent("1", "private-chat", "client-typing", "{\"t\":1}", null, null, ChannelEvent.ARCHIVER, receivedAt, key);
    }

    /** A client_event webhook, as Pusher sends it: its time_ms Pusher's clock, the sender's socket. */
    private static WebhookBatch webhook(long timeMs, String socketId) {
        String body = "{\"time_ms\":" + timeMs + ",\"events\":[{\"name\":\"client_event\",\"channel\":\"private-chat\","
                + "\"event\":\"client-typing\",\"data\":\"{\\\"t\\\":1}\",\"socket_id\":\"" + socketId + "\"}]}";
        return WebhookBatch.parse("1", body.getBytes(StandardCharsets.UTF_8));
    }

    private static ChannelEvent event(String channel, String data, String key) {
        return new ChannelEvent("1", channel, "e", data, null, null, ChannelEvent.ARCHIVER, T0, key);
    }
}
