package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.encryption.ChannelEncryption;
import io.pusherpipeline.events.EventJournal;
import io.pusherpipeline.events.PublishRequest;
import io.pusherpipeline.events.PusherEvent;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.testing.TestDatabase;
import io.pusherpipeline.webhooks.WebhookBatch;
import io.pusherpipeline.webhooks.WebhookStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * channel_events on every database the README names: what the events journal and the webhook
 * store write there, each event once, numbered 1..n per channel under concurrent writers, and what
 * pusher.history.retention deletes.
 */
abstract class ChannelEventsSuite {

    private static final String APP = "app-1";
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private TestDatabase db;
    private DataSource pool;
    private EventJournal journal;
    private final List<WebhookStore> stores = new ArrayList<>();

    protected abstract TestDatabase newDatabase();

    @BeforeEach
    void freshDatabase() {
        db = newDatabase();
        db.execute("DROP SCHEMA IF EXISTS pusher_data CASCADE");
        // One pool for every writer: DuckDB's file is opened by one pool of the process at a time.
        pool = DataSources.forUrl(db.url(), db.user(), db.password());
        journal = new EventJournal(Destination.database(pool, db.url(), "pusher_data"));
    }

    @AfterEach
    void closePool() {
        stores.forEach(WebhookStore::close);
        DataSources.close(pool, "the test pool");
    }

    @Test
    void aPublishedEventIsOneRowPerChannelWithItsDataAsSentAndIsKeptOnceWhenJournaledAgain() throws Exception {
        PusherEvent twoChannels = new PusherEvent(0, List.of("orders", "dashboard"), "daily-report", "ready", "123.456", null);
        PusherEvent toUser = new PusherEvent(1, List.of("#server-to-user-alice"), "reminder", "{\"due\":\"today\"}", null, null);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        journal.record(APP, "a.json", List.of(twoChannels, toUser), 200, Map.of());
        // The same events under the same source (a file dropped again whose journal rows were lost).
        db.execute("DELETE FROM pusher_data.apps_events");
        journal.record(APP, "a.json", List.of(twoChannels, toUser), 200, Map.of());

        assertThat(db.rows("SELECT channel_name, seq, event_name, data, user_id, socket_id, source FROM pusher_data.channel_events"
                + " ORDER BY channel_name")).containsExactly(
                Arrays.asList("#server-to-user-alice", 1L, "reminder", "{\"due\":\"today\"}", null, null, "published"),
                Arrays.asList("dashboard", 1L, "daily-report", "ready", null, "123.456", "published"),
                Arrays.asList("orders", 1L, "daily-report", "ready", null, "123.456", "published"));
        Instant at = (Instant) db.rows("SELECT occurred_at FROM pusher_data.channel_events WHERE channel_name = 'orders'").get(0).get(0);
        assertThat(at).isBetween(before.minusMillis(1), Instant.now());
    }

    @Test
    void anEncryptedChannelKeepsTheCiphertextThatWasSentAndNeitherThePlaintextNorTheKey() throws Exception {
        ChannelEncryption encryption = new ChannelEncryption();
        encryption.setMasterKey(MASTER_KEY);
        PusherEvent secret = new PusherEvent(0, List.of("private-encrypted-plans"), "plan", "launch on friday", null, null);
        PublishRequest request = new PublishRequest("/events", List.of(secret), encryption);
        String sent = new String(request.body(), StandardCharsets.UTF_8);
        journal.record(APP, "plans.json", request, 200, Map.of());

        String kept = (String) db.rows("SELECT data FROM pusher_data.channel_events").get(0).get(0);
        assertThat(kept).startsWith("{\"nonce\":\"").doesNotContain("friday").doesNotContain(MASTER_KEY);
        assertThat(sent).contains(kept.replace("\"", "\\\""));
    }

    @Test
    void clientEventsAreKeptOnceWhenTheBatchIsDeliveredTwiceAndTheirTextReadsBackAsSent() throws Exception {
        WebhookStore store = store();
        String nul = "a\u0000b";
        long timeMs = 1_796_154_344_807L;
        WebhookBatch batch = batch(timeMs,
                clientEvent("presence-lobby", "typing", "{\"x\":1}", "alice", "1.1"),
                clientEvent("private-chat", "message", nul, null, "2.2"),
                "{\"name\":\"member_added\",\"channel\":\"presence-lobby\",\"user_id\":\"bob\"}");
        store.store(batch);
        store.store(batch);
        store().store(batch);

        List<List<Object>> rows = db.rows("SELECT channel_name, seq, event_name, data, user_id, socket_id, source, occurred_at"
                + " FROM pusher_data.channel_events ORDER BY channel_name");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("presence-lobby", 1L, "typing", "{\"x\":1}", "alice", "1.1", "client_event",
                Instant.ofEpochMilli(timeMs));
        assertThat(rows.get(1).subList(0, 3)).containsExactly("private-chat", 1L, "message");
        assertThat(StoredText.read((String) rows.get(1).get(3))).isEqualTo(nul);
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.channel_events c JOIN pusher_data.webhook_events w"
                + " ON w.event_key = c.event_key")).containsExactly(List.of(2L));
    }

    @Test
    void concurrentPublishersAndReceiversOnOneChannelNumberItsEventsOneToNWithoutGapOrRepeat() throws Exception {
        int publishers = 3;
        int receivers = 2;
        int each = 10;
        journal.prepare();
        ExecutorService threads = Executors.newFixedThreadPool(publishers + receivers);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                String source = "publisher-" + p + ".json";
                work.add(() -> {
                    for (int i = 0; i < each; i++) {
                        journal.record(APP, source, List.of(new PusherEvent(i, List.of("orders"), "created", "p" + i, null, null)),
                                200, Map.of());
                    }
                    return null;
                });
            }
            for (int r = 0; r < receivers; r++) {
                WebhookStore store = store();
                int receiver = r;
                work.add(() -> {
                    for (int i = 0; i < each; i++) {
                        deliverUntilAccepted(store, batch(1_796_154_344_807L + i,
                                clientEvent("orders", "client-typing", "r" + receiver + "-" + i, null, "3.3")));
                    }
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(work)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }

        long n = (long) (publishers + receivers) * each;
        assertThat(db.rows("SELECT seq FROM pusher_data.channel_events WHERE channel_name = 'orders' ORDER BY seq"))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).mapToObj(seq -> List.<Object>of(seq)).toList());
        assertThat(db.rows("SELECT source, COUNT(*) FROM pusher_data.channel_events GROUP BY source ORDER BY source"))
                .containsExactly(List.of("client_event", (long) receivers * each), List.of("published", (long) publishers * each));
    }

    @Test
    void retentionDeletesOnlyRowsOlderThanItAndKeepsEachChannelsNewestSoItsSeqGoesOn() throws Exception {
        WebhookStore store = store();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long old = now.minusDays(10).toInstant().toEpochMilli();
        long recent = now.minusHours(1).toInstant().toEpochMilli();
        store.store(batch(old, clientEvent("busy", "e", "1", null, null), clientEvent("quiet", "e", "1", null, null)));
        store.store(batch(old + 1, clientEvent("busy", "e", "2", null, null), clientEvent("quiet", "e", "2", null, null)));
        store.store(batch(recent, clientEvent("busy", "e", "3", null, null)));

        HistoryRetention retention = new HistoryRetention();
        retention.setDestination(Destination.database(pool, db.url(), "pusher_data"));
        retention.setRetention("P7D");
        assertThat(retention.prune()).isEqualTo(3);
        assertThat(retention.prune()).isZero();
        store.store(batch(now.toInstant().toEpochMilli(), clientEvent("quiet", "e", "3", null, null)));

        assertThat(db.rows("SELECT channel_name, seq, data FROM pusher_data.channel_events ORDER BY channel_name, seq"))
                .containsExactly(List.of("busy", 3L, "3"), List.of("quiet", 2L, "2"), List.of("quiet", 3L, "3"));
    }

    /** As Pusher does: a batch answered 503 (its channel's lock not had within 2 s, on a busy machine) comes again. */
    private static void deliverUntilAccepted(WebhookStore receiver, WebhookBatch batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                receiver.store(batch);
                return;
            } catch (io.pusherpipeline.storage.StorageException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private WebhookStore store() {
        WebhookStore store = new WebhookStore();
        store.setDestination(Destination.database(pool, db.url(), "pusher_data"));
        stores.add(store);
        return store;
    }

    private static WebhookBatch batch(long timeMs, String... events) {
        String body = "{\"time_ms\":" + timeMs + ",\"events\":[" + String.join(",", events) + "]}";
        return WebhookBatch.parse(APP, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String clientEvent(String channel, String event, String data, String userId, String socketId) {
        StringBuilder json = new StringBuilder("{\"name\":\"client_event\",\"channel\":\"" + channel + "\",\"event\":\"" + event
                + "\",\"data\":" + quoted(data));
        if (userId != null) {
            json.append(",\"user_id\":\"").append(userId).append('"');
        }
        if (socketId != null) {
            json.append(",\"socket_id\":\"").append(socketId).append('"');
        }
        return json.append('}').toString();
    }

    private static String quoted(String text) {
        try {
            return io.pusherpipeline.Json.MAPPER.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
