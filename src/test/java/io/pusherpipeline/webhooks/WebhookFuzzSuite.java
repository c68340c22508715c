package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.Json;
import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.RealRoutesTestSupport;
import io.pusherpipeline.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 32's fuzz test: signed bodies from {@link FuzzBodies}, some twice, posted from four clients
 * at once to the real routes/pusher-webhooks.yaml. No answer is 503 while the database is up; a
 * body of the wrong outer shape is refused whole with 400; every well-formed event of the others is
 * stored exactly once and reads back as sent; every broken one is kept once in webhook_rejects;
 * and the sessions equal those {@link PresenceHistory} derives from the well-formed events alone.
 * Seeded: {@code -Dfuzz.seed=N} replays a failure, whose message names its seed.
 */
abstract class WebhookFuzzSuite extends RealRoutesTestSupport {

    private static final String APP_ID = "4242";
    private static final String KEY = "fuzz-key";
    private static final String SECRET = "fuzz-secret-canary";

    // Camel's test support configures the context from its constructor, before field initializers run.
    private TestDatabase db;
    private int port;

    /** A fresh database of the kind under test. */
    protected abstract TestDatabase newDatabase();

    /** How many bodies to post: DuckDB opens its file for each transaction, so it takes fewer. */
    protected abstract int bodies();

    @BeforeEach
    void createTheTables() {
        DataSource dataSource = DataSources.forUrl(db.url(), db.user(), db.password());
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
    }

    @Override
    protected Properties overrides() {
        db = newDatabase();
        port = freePort();
        Properties p = webhookReceiver(APP_ID, KEY, SECRET, db, port);
        p.setProperty("pusher.webhooks.max-body", "4MB");
        return p;
    }

    @Test
    void noBatchIsLostForWhatOneEventCarries() throws Exception {
        long seed = Long.getLong("fuzz.seed", 32L);
        FuzzBodies generator = new FuzzBodies(new Random(seed));
        Random order = new Random(seed);
        List<FuzzBodies.Body> bodies = new ArrayList<>();
        for (int i = 0; i < bodies(); i++) {
            bodies.add(generator.next());
        }
        List<FuzzBodies.Body> deliveries = new ArrayList<>(bodies);
        bodies.stream().filter(b -> order.nextInt(7) == 0).forEach(deliveries::add);
        Collections.shuffle(deliveries, order);

        List<String> wrongAnswers = post(deliveries);

        String replay = "seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")";
        assertThat(wrongAnswers).as(replay + ": answers other than 200 for a body of the right shape and 400 for the others")
                .isEmpty();
        Map<String, FuzzBodies.Stored> wellFormed = new LinkedHashMap<>();
        Map<String, String> broken = new LinkedHashMap<>();
        for (FuzzBodies.Body body : bodies) {
            if (body.rightShape()) {
                for (FuzzBodies.Event e : body.events()) {
                    if (e.stored() != null) {
                        wellFormed.put(body.timeMs() + "\n" + e.json(), e.stored());
                    } else {
                        broken.put(body.timeMs() + "\n" + e.json(), e.json());
                    }
                }
            }
        }
        assertThat(storedEvents()).as(replay + ": webhook_events")
                .containsExactlyInAnyOrderElementsOf(wellFormed.values().stream().map(WebhookFuzzSuite::row).toList());
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.webhook_rejects").get(0).get(0)).as(replay + ": webhook_rejects")
                .isEqualTo((long) broken.size());
        assertThat(sessions()).as(replay + ": presence_sessions").isEqualTo(derivedSessions(wellFormed));
    }

    /** Posts every body, signed, from four clients; returns a line for each answer that is not the one its body must get. */
    private List<String> post(List<FuzzBodies.Body> deliveries) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ConcurrentLinkedQueue<FuzzBodies.Body> queue = new ConcurrentLinkedQueue<>(deliveries);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                done.add(clients.submit(() -> {
                    for (FuzzBodies.Body body; (body = queue.poll()) != null; ) {
                        byte[] bytes = body.json().getBytes(StandardCharsets.UTF_8);
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pusher/webhooks"))
                                .header("Content-Type", "application/json").header("X-Pusher-Key", KEY)
                                .header("X-Pusher-Signature", WebhookSignature.sign(SECRET, bytes))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                        int expected = body.rightShape() ? 200 : 400;
                        if (answer.statusCode() != expected) {
                            wrong.add(answer.statusCode() + " (expected " + expected + ") " + answer.body() + " for "
                                    + body.json().substring(0, Math.min(300, body.json().length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return new ArrayList<>(wrong);
    }

    private List<List<Object>> storedEvents() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : db.rows("SELECT time_ms, event_name, channel_name, user_id, client_event, data, socket_id,"
                + " subscription_count FROM pusher_data.webhook_events")) {
            rows.add(row.stream().map(v -> v instanceof String s ? StoredText.read(s) : v).collect(Collectors.toList()));
        }
        return rows;
    }

    private static List<Object> row(FuzzBodies.Stored e) {
        return Arrays.asList(e.timeMs(), e.name(), e.channel(), e.userId(), e.clientEvent(), e.data(), e.socketId(), e.subscriptionCount());
    }

    private java.util.Set<List<Object>> sessions() throws Exception {
        java.util.Set<List<Object>> rows = new java.util.HashSet<>();
        for (List<Object> row : db.rows("SELECT channel_name, user_id, joined_at, left_at FROM pusher_data.presence_sessions")) {
            rows.add(Arrays.asList(StoredText.read((String) row.get(0)), StoredText.read((String) row.get(1)), row.get(2), row.get(3)));
        }
        return rows;
    }

    /** The sessions of each channel from its well-formed events alone, as PresenceHistory derives them. */
    private static java.util.Set<List<Object>> derivedSessions(Map<String, FuzzBodies.Stored> wellFormed) throws Exception {
        Map<String, List<WebhookEvent>> byChannel = new HashMap<>();
        for (Map.Entry<String, FuzzBodies.Stored> entry : wellFormed.entrySet()) {
            FuzzBodies.Stored e = entry.getValue();
            String json = entry.getKey().substring(entry.getKey().indexOf('\n') + 1);
            String key = WebhookBatch.key(APP_ID, e.timeMs(), Json.MAPPER.readTree(json));
            byChannel.computeIfAbsent(e.channel(), c -> new ArrayList<>()).add(new WebhookEvent(key, APP_ID, e.timeMs(), e.name(),
                    e.channel(), e.userId(), e.clientEvent(), e.data(), e.socketId(), e.subscriptionCount()));
        }
        java.util.Set<List<Object>> rows = new java.util.HashSet<>();
        byChannel.forEach((channel, events) -> PresenceHistory.of(events).sessions().forEach(s ->
                rows.add(Arrays.asList(channel, s.userId(), s.joinedAt(), s.leftAt()))));
        return rows;
    }
}
