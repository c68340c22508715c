package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.testing.TestDatabase;
import io.pusherpipeline.webhooks.PresenceHistory.Observation;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random histories (members joining and leaving a few presence channels, channels occupied and
 * vacated, snapshots between them), each one app, delivered in random order, some batches twice,
 * the snapshots healing as they load, from four receivers' threads at once: the stored sessions and
 * occupancy equal {@link PresenceHistory}'s derivation from the time-sorted log of each app. Seeded:
 * {@code -Dproperty.seed=N} replays a failure, whose message names its seed and app.
 */
class ArrivalOrderPropertyTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final String SCHEMA = "pusher_property";

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", (Supplier<TestDatabase>) TestDatabase::h2, 2000),
                // DuckDB opens its file for each transaction, so fewer histories there.
                Arguments.of("DuckDB", (Supplier<TestDatabase>) TestDatabase::duckDb, 40),
                Arguments.of("PostgreSQL", (Supplier<TestDatabase>) TestDatabase::postgres, 600));
    }

    /** One snapshot of a history: its members calls ran from {@code at} to {@code until}. */
    private record Load(Instant at, Instant until, String prefix, Map<String, Set<String>> listed) {

        boolean covers(String channel) {
            return channel.startsWith(prefix);
        }
    }

    /** One app's history: its batches (each to be delivered once or twice) and snapshots. */
    private record History(String appId, List<WebhookBatch> batches, List<Load> loads) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void storedStaysEqualTheDerivationFromTheTimeSortedLogWhateverTheArrival(String name, Supplier<TestDatabase> database,
                                                                             int count) throws Exception {
        long seed = Long.getLong("property.seed", 28L);
        TestDatabase db = database.get();
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        DataSource pool = DataSources.forUrl(db.url(), db.user(), db.password());
        ExecutorService receivers = Executors.newFixedThreadPool(4);
        try {
            WebhookStore store = new WebhookStore();
            store.setDestination(Destination.database(pool, db.url(), SCHEMA));
            store.store(new WebhookBatch("none", T0, List.of()));
            Random random = new Random(seed);
            List<History> histories = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                histories.add(history("app-" + i, random));
            }
            List<Future<?>> delivered = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                List<History> mine = histories.subList(r * count / 4, (r + 1) * count / 4);
                long receiverSeed = seed + r;
                delivered.add(receivers.submit(() -> {
                    Random order = new Random(receiverSeed);
                    for (History history : mine) {
                        deliver(pool, store, history, order);
                    }
                    return null;
                }));
            }
            for (Future<?> f : delivered) {
                f.get();
            }

            Map<String, Set<List<Object>>> sessions = byApp(db.rows("SELECT app_id, channel_name, user_id, joined_at, left_at,"
                    + " joined_by, left_by FROM " + SCHEMA + ".presence_sessions"));
            Map<String, Set<List<Object>>> occupancy = byApp(db.rows("SELECT app_id, channel_name, occupied_at, vacated_at,"
                    + " occupied_by, vacated_by FROM " + SCHEMA + ".channel_occupancy"));
            for (History history : histories) {
                Map<String, PresenceHistory.Stays> expected = derived(history);
                assertThat(sessions.getOrDefault(history.appId(), Set.of()))
                        .as("seed %d, %s: sessions of %s", seed, history.appId(), history)
                        .isEqualTo(sessionRows(expected));
                assertThat(occupancy.getOrDefault(history.appId(), Set.of()))
                        .as("seed %d, %s: occupancy of %s", seed, history.appId(), history)
                        .isEqualTo(occupancyRows(expected));
            }
        } finally {
            receivers.shutdownNow();
            DataSources.close(pool, "the test pool");
        }
    }

    /** 3 to 10 batches over two channels and three users, time_ms colliding now and then; up to two snapshots. */
    private static History history(String appId, Random random) {
        List<WebhookBatch> batches = new ArrayList<>();
        int count = 3 + random.nextInt(8);
        for (int b = 0; b < count; b++) {
            List<String> events = new ArrayList<>();
            for (int e = 0, n = 1 + random.nextInt(3); e < n; e++) {
                String channel = random.nextBoolean() ? "presence-a" : "presence-b";
                String user = "u" + random.nextInt(3);
                events.add(switch (random.nextInt(7)) {
                    case 0, 1, 2 -> event("member_added", channel, user);
                    case 3, 4 -> event("member_removed", channel, user);
                    case 5 -> event("channel_occupied", channel, null);
                    default -> event("channel_vacated", channel, null);
                });
            }
            String body = "{\"time_ms\":" + (T0 + random.nextInt(40)) + ",\"events\":[" + String.join(",", events) + "]}";
            batches.add(WebhookBatch.parse(appId, body.getBytes(StandardCharsets.UTF_8)));
        }
        List<Load> loads = new ArrayList<>();
        long after = T0 - 5;
        for (int l = 0, n = random.nextInt(3); l < n; l++) {
            Instant at = Instant.ofEpochMilli(after + 1 + random.nextInt(20)).plusNanos(random.nextBoolean() ? 0 : 250_000);
            Instant until = at.plusMillis(random.nextInt(8));
            Map<String, Set<String>> listed = new HashMap<>();
            for (String channel : List.of("presence-a", "presence-b")) {
                if (random.nextBoolean()) {
                    Set<String> members = new HashSet<>();
                    for (int u = 0; u < 3; u++) {
                        if (random.nextBoolean()) {
                            members.add("u" + u);
                        }
                    }
                    listed.put(channel, members);
                }
            }
            loads.add(new Load(at, until, random.nextInt(4) == 0 ? "presence-a" : "", listed));
            after = until.toEpochMilli() + 1;
        }
        return new History(appId, batches, loads);
    }

    /** Every batch once, a third of them twice, and every snapshot loaded then healed, all in random order. */
    private static void deliver(DataSource pool, WebhookStore store, History history, Random random) throws Exception {
        List<Object> deliveries = new ArrayList<>(history.batches());
        history.batches().stream().filter(b -> random.nextInt(3) == 0).forEach(deliveries::add);
        deliveries.addAll(history.loads());
        Collections.shuffle(deliveries, random);
        for (Object delivery : deliveries) {
            if (delivery instanceof WebhookBatch batch) {
                store.store(batch);
            } else {
                store.heal(history.appId(), loaded(pool, history.appId(), (Load) delivery));
            }
        }
    }

    /** The stays PresenceHistory derives from each channel's events, sorted by time, and every snapshot covering it. */
    private static Map<String, PresenceHistory.Stays> derived(History history) {
        Map<String, PresenceHistory.Stays> stays = new HashMap<>();
        for (String channel : List.of("presence-a", "presence-b")) {
            List<WebhookEvent> events = history.batches().stream().flatMap(b -> b.events().stream())
                    .filter(e -> e.channel().equals(channel)).toList();
            List<Observation> observations = history.loads().stream().filter(l -> l.covers(channel))
                    .map(l -> new Observation(l.at(), l.until(), l.listed().getOrDefault(channel, Set.of()), l.listed().containsKey(channel)))
                    .toList();
            stays.put(channel, PresenceHistory.of(PresenceHistory.Stays.NONE, events, observations));
        }
        return stays;
    }

    private static Set<List<Object>> sessionRows(Map<String, PresenceHistory.Stays> stays) {
        Set<List<Object>> rows = new HashSet<>();
        stays.forEach((channel, s) -> s.sessions().forEach(session -> rows.add(java.util.Arrays.asList(channel, session.userId(),
                session.joinedAt(), session.leftAt(), session.joinedBy(), session.leftBy()))));
        return rows;
    }

    private static Set<List<Object>> occupancyRows(Map<String, PresenceHistory.Stays> stays) {
        Set<List<Object>> rows = new HashSet<>();
        stays.forEach((channel, s) -> s.occupancy().forEach(o -> rows.add(java.util.Arrays.asList(channel, o.occupiedAt(),
                o.vacatedAt(), o.occupiedBy(), o.vacatedBy()))));
        return rows;
    }

    private static Map<String, Set<List<Object>>> byApp(List<List<Object>> rows) {
        Map<String, Set<List<Object>>> byApp = new HashMap<>();
        for (List<Object> row : rows) {
            byApp.computeIfAbsent((String) row.get(0), k -> new HashSet<>()).add(new ArrayList<>(row.subList(1, row.size())));
        }
        return byApp;
    }

    /** The snapshot's rows as the snapshot sink writes them. */
    private static UUID loaded(DataSource pool, String appId, Load load) throws Exception {
        UUID loadId = UUID.randomUUID();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + SCHEMA + ".pusher_loads (load_id, app_id, started_at,"
                    + " finished_at, status, members_prefix) VALUES (?, ?, ?, ?, 'loaded', ?)")) {
                s.setObject(1, loadId);
                s.setString(2, appId);
                s.setObject(3, load.at().atOffset(ZoneOffset.UTC));
                s.setObject(4, load.until().atOffset(ZoneOffset.UTC));
                s.setString(5, load.prefix());
                s.executeUpdate();
            }
            for (Map.Entry<String, Set<String>> channel : load.listed().entrySet()) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + SCHEMA + ".apps_channels (load_id, app_id, snapshot_at,"
                        + " channel_name, channel_type) VALUES (?, ?, ?, ?, 'presence')")) {
                    s.setObject(1, loadId);
                    s.setString(2, appId);
                    s.setObject(3, load.at().atOffset(ZoneOffset.UTC));
                    s.setString(4, channel.getKey());
                    s.executeUpdate();
                }
                for (String user : channel.getValue()) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + SCHEMA + ".channels_channel_users (load_id, app_id,"
                            + " snapshot_at, channel_name, user_id) VALUES (?, ?, ?, ?, ?)")) {
                        s.setObject(1, loadId);
                        s.setString(2, appId);
                        s.setObject(3, load.at().atOffset(ZoneOffset.UTC));
                        s.setString(4, channel.getKey());
                        s.setString(5, user);
                        s.executeUpdate();
                    }
                }
            }
        }
        return loadId;
    }

    private static String event(String name, String channel, String user) {
        return "{\"name\":\"" + name + "\",\"channel\":\"" + channel + "\"" + (user == null ? "" : ",\"user_id\":\"" + user + "\"") + "}";
    }
}
