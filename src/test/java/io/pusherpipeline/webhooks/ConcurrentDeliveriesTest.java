package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import javax.sql.DataSource;
import io.pusherpipeline.storage.DataSources;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many receivers' threads delivering to one {@link WebhookStore} at once (transactions on
 * different channels side by side, on the same channel in turn), on H2, DuckDB and PostgreSQL: overlapping, repeated and
 * shuffled deliveries end with exactly the rows of one sequential delivery; a storage failure
 * fails every waiting delivery and stores nothing of them.
 */
class ConcurrentDeliveriesTest {

    private static final String APP_ID = "app-1";
    private static final int THREADS = 16;

    private final List<WebhookStore> stores = new ArrayList<>();
    private final List<DataSource> pools = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", (Supplier<TestDatabase>) TestDatabase::h2),
                Arguments.of("DuckDB", (Supplier<TestDatabase>) TestDatabase::duckDb),
                Arguments.of("PostgreSQL", (Supplier<TestDatabase>) TestDatabase::postgres));
    }

    static Stream<Arguments> databasesWithConstraints() {
        // DuckDB has no ALTER TABLE ... ADD CONSTRAINT to make its tables refuse rows.
        return databases().filter(a -> !a.get()[0].equals("DuckDB"));
    }

    @AfterEach
    void closeStores() {
        threads.shutdownNow();
        stores.forEach(WebhookStore::close);
        pools.forEach(pool -> DataSources.close(pool, "the test pool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentRepeatedShuffledDeliveriesEndWithTheRowsOfOneSequentialDelivery(String name, Supplier<TestDatabase> database)
            throws Exception {
        TestDatabase db = fresh(database.get(), "pusher_data", "pusher_concurrent");
        // DuckDB opens its file for each transaction: the sequential delivery alone takes 0.4 s a batch there.
        int count = name.equals("DuckDB") ? 60 : 300;
        List<WebhookBatch> batches = churn(count, 25, new Random(16));
        WebhookStore sequential = store(db, "pusher_data");
        int sequentialNew = 0;
        for (WebhookBatch batch : batches) {
            sequentialNew += sequential.store(batch);
        }
        List<WebhookBatch> deliveries = new ArrayList<>(batches);
        deliveries.addAll(batches.subList(0, count * 2 / 5));
        deliveries.addAll(batches.subList(count * 2 / 3, count));
        Collections.shuffle(deliveries, new Random(7));
        WebhookStore concurrent = store(db, "pusher_concurrent");

        AtomicInteger concurrentNew = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> sent = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<WebhookBatch> mine = deliveries.subList(t * deliveries.size() / THREADS, (t + 1) * deliveries.size() / THREADS);
            sent.add(threads.submit(() -> {
                start.await();
                for (WebhookBatch batch : mine) {
                    concurrentNew.addAndGet(untilAccepted(concurrent, batch));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : sent) {
            f.get();
        }

        assertThat(sequentialNew).isEqualTo(batches.stream().flatMap(b -> b.events().stream()).map(WebhookEvent::eventKey)
                .distinct().count());
        assertThat(concurrentNew.get()).as("each event counted new once").isEqualTo(sequentialNew);
        for (String table : List.of("presence_sessions ORDER BY channel_name, user_id, joined_at",
                "channel_occupancy ORDER BY channel_name, occupied_at", "webhook_events ORDER BY event_key")) {
            String columns = table.startsWith("webhook_events") ? "event_key, time_ms, event_name, channel_name, user_id" : "*";
            assertThat(db.rows("SELECT " + columns + " FROM pusher_concurrent." + table)).as(table)
                    .isNotEmpty().containsExactlyElementsOf(db.rows("SELECT " + columns + " FROM pusher_data." + table));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databasesWithConstraints")
    void aStorageFailureFailsEveryWaitingDeliveryAndStoresNothingOfThem(String name, Supplier<TestDatabase> database)
            throws Exception {
        TestDatabase db = fresh(database.get(), "pusher_data");
        WebhookStore store = store(db, "pusher_data");
        store.store(batch(1, "member_added", "presence-0", "first"));
        // Sessions that refuse every new row: each transaction's events are inserted first, then rolled back.
        db.execute("ALTER TABLE pusher_data.presence_sessions ADD CONSTRAINT refuse_all CHECK (user_id = 'first')");

        List<Throwable> failures = deliverAtOnce(store, 2, 40, i -> batch(i, "member_added", "presence-" + i % 5, "user-" + i));

        assertThat(failures).hasSize(40).allSatisfy(f -> assertThat(f).isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot store webhook events"));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_events")).containsExactly(List.of(1L));
        assertThat(db.rows("SELECT user_id FROM pusher_data.presence_sessions")).containsExactly(List.of("first"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databasesWithConstraints")
    void aBatchTheDatabaseRefusesFailsAloneAndTheBatchesStoredWithItAreKept(String name, Supplier<TestDatabase> database)
            throws Exception {
        TestDatabase db = fresh(database.get(), "pusher_data");
        WebhookStore store = store(db, "pusher_data");
        store.store(batch(1, "member_added", "presence-0", "first"));
        db.execute("ALTER TABLE pusher_data.presence_sessions ADD CONSTRAINT refuse_mallory CHECK (user_id <> 'mallory')");

        List<Throwable> failures = deliverAtOnce(store, 2, 40,
                i -> batch(i, "member_added", "presence-" + i % 5, i == 20 ? "mallory" : "user-" + i));

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).isInstanceOf(StorageException.class);
        assertThat(failures.get(0).getMessage().toLowerCase(java.util.Locale.ROOT)).contains("refuse_mallory");
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_events")).containsExactly(List.of(40L));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.presence_sessions WHERE user_id = 'mallory'"))
                .containsExactly(List.of(0L));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.presence_now")).containsExactly(List.of(40L));
    }

    /** Delivers the batch again while the store answers that the database is behind, as Pusher does after a 503. */
    private static int untilAccepted(WebhookStore store, WebhookBatch batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.store(batch);
            } catch (StorageException e) {
                if (attempt >= 20 || !e.getMessage().contains("the database is behind")) {
                    throw e;
                }
            }
        }
    }

    /** Delivers batches {@code from}..{@code from + count - 1} from as many threads at once; returns the failures. */
    private List<Throwable> deliverAtOnce(WebhookStore store, int from, int count,
                                          java.util.function.IntFunction<WebhookBatch> batch) throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService many = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                WebhookBatch mine = batch.apply(i);
                sent.add(many.submit(() -> {
                    start.await();
                    try {
                        store.store(mine);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            many.shutdownNow();
        }
        return failures;
    }

    /**
     * {@code count} batches of member churn over {@code channels} presence channels, time_ms rising:
     * channels get occupied, members join and leave, now and then a channel is vacated.
     */
    static List<WebhookBatch> churn(int count, int channels, Random random) {
        Map<Integer, List<String>> present = new LinkedHashMap<>();
        List<WebhookBatch> batches = new ArrayList<>();
        int nextUser = 0;
        for (int b = 0; b < count; b++) {
            List<String> events = new ArrayList<>();
            for (int e = 0; e < 6; e++) {
                int c = random.nextInt(channels);
                String channel = "presence-" + c;
                List<String> members = present.get(c);
                if (members == null) {
                    present.put(c, new ArrayList<>(List.of("user-" + nextUser)));
                    events.add(event("channel_occupied", channel, null));
                    events.add(event("member_added", channel, "user-" + nextUser++));
                } else if (random.nextInt(10) == 0) {
                    present.remove(c);
                    events.add(event("channel_vacated", channel, null));
                } else if (!members.isEmpty() && random.nextBoolean()) {
                    events.add(event("member_removed", channel, members.remove(random.nextInt(members.size()))));
                } else {
                    members.add("user-" + nextUser);
                    events.add(event("member_added", channel, "user-" + nextUser++));
                }
            }
            batches.add(parse(1_700_000_000_000L + 10L * b, events));
        }
        return batches;
    }

    private static WebhookBatch batch(long i, String name, String channel, String user) {
        return parse(1_700_000_000_000L + i, List.of(event(name, channel, user)));
    }

    private static String event(String name, String channel, String user) {
        return "{\"name\":\"" + name + "\",\"channel\":\"" + channel + "\"" + (user == null ? "" : ",\"user_id\":\"" + user + "\"") + "}";
    }

    private static WebhookBatch parse(long timeMs, List<String> events) {
        String body = "{\"time_ms\":" + timeMs + ",\"events\":[" + String.join(",", events) + "]}";
        return WebhookBatch.parse(APP_ID, body.getBytes(StandardCharsets.UTF_8));
    }

    private static TestDatabase fresh(TestDatabase db, String... schemas) {
        for (String schema : schemas) {
            db.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        return db;
    }

    private WebhookStore store(TestDatabase db, String schema) {
        WebhookStore store = new WebhookStore();
        DataSource pool = DataSources.forUrl(db.url(), db.user(), db.password());
        store.setDestination(Destination.database(pool, db.url(), schema));
        pools.add(pool);
        stores.add(store);
        return store;
    }
}
