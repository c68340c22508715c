package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pusherpipeline.e2e.EventSubscriber.Received;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built jar publishing an inbox to soketi while a real pusher-js client is subscribed: what
 * the subscriber receives is what a user's browser would.
 */
class EventsAgainstSoketiIT {

    private static final String APP_ID = "4713";
    private static final String KEY = "e2e-key-3";
    private static final String SECRET = "e2e-secret-canary-events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(90);

    static Soketi soketi;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startSoketi() {
        soketi = Soketi.start(APP_ID, KEY, SECRET);
    }

    @AfterAll
    static void stopSoketi() {
        if (soketi != null) {
            soketi.close();
        }
    }

    @Test
    void everyEventOfASetOfFilesArrivesExactlyOnceWithItsDataAndRefusedFilesDeliverNothing() throws Exception {
        List<String> channels = List.of("orders", "news", "private-ops");
        try (EventSubscriber subscriber = EventSubscriber.subscribe(soketi, channels)) {
            List<Received> expected = new ArrayList<>();
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                orders.add("{\"channel\": \"orders\", \"name\": \"order-created\", \"data\": {\"f\": \"a\", \"i\": " + i + "}}");
                expected.add(new Received("orders", "order-created", JSON.readTree("{\"f\": \"a\", \"i\": " + i + "}")));
            }
            drop("a-orders.json", "[" + String.join(",\n", orders) + "]");
            drop("b-multi.json", """
                    [{"channels": ["orders", "news", "private-ops"], "name": "announce", "data": {"f": "b", "i": 0}},
                     {"channel": "news", "name": "headline", "data": "plain text, not JSON"}]""");
            channels.forEach(c -> expected.add(new Received(c, "announce", json("{\"f\": \"b\", \"i\": 0}"))));
            expected.add(new Received("news", "headline", new TextNode("plain text, not JSON")));
            drop("c-bad.json", """
                    [{"channel": "orders", "name": "must-not-arrive", "data": {"f": "c"}},
                     {"channel": "private-encrypted-ops", "name": "must-not-arrive", "data": 1}]""");
            drop("d-too-big.json", "{\"channel\": \"orders\", \"name\": \"must-not-arrive\", \"data\": \"" + "x".repeat(10241) + "\"}");
            drop("z-last.json", "{\"channels\": [\"orders\", \"news\", \"private-ops\"], \"name\": \"sentinel\", \"data\": \"end\"}");

            JarRun.Running jar = JarRun.start(workDir, env());
            // Per channel, soketi delivers in the order it accepted: once the last file's event is
            // in on every channel, everything before it is too.
            subscriber.await("the sentinel on every channel", r -> r.event().equals("sentinel"), 3, DELIVERY_DEADLINE);
            int exit = jar.stop();

            List<Received> received = subscriber.received().stream().filter(r -> !r.event().equals("sentinel")).toList();
            assertThat(received).as("every event once, with its data; nothing of a refused file")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(received.stream().filter(r -> r.channel().equals("orders")).map(r -> r.data().path("i").asInt(-1)).limit(12))
                    .as("a file's events in their order").containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
            assertThat(names(inbox().resolve(".done"))).containsExactly("a-orders.json", "b-multi.json", "z-last.json");
            assertThat(names(inbox().resolve(".error"))).containsExactly("c-bad.json", "c-bad.json.reason.txt",
                    "d-too-big.json", "d-too-big.json.reason.txt");
            assertThat(Files.readString(inbox().resolve(".error/c-bad.json.reason.txt")))
                    .contains("event 1, channel: \"private-encrypted-ops\" is end-to-end encrypted");
            assertThat(Files.readString(inbox().resolve(".error/d-too-big.json.reason.txt")))
                    .contains("event 0, data: at most 10240 bytes (pusher.events.max-data-bytes), has 10241");
            String output = jar.output();
            assertThat(output).contains("Published a-orders.json: 12 events in 2 requests", "Refused c-bad.json")
                    .doesNotContain(SECRET);
            assertThat(exit).as(output).isEqualTo(143);
            assertThat(journalRows()).as("one row per event published, multi-channel ones included").isEqualTo(15);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void aLargeInboxStoppedMidwayIsDeliveredAfterARestart(String signal) throws Exception {
        String channel = "bulk-" + signal.toLowerCase();
        int files = 120;
        int perFile = 25;
        try (EventSubscriber subscriber = EventSubscriber.subscribe(soketi, List.of(channel))) {
            for (int f = 0; f < files; f++) {
                StringBuilder json = new StringBuilder("[");
                for (int i = 0; i < perFile; i++) {
                    json.append(i == 0 ? "" : ",").append("{\"channel\":\"").append(channel)
                            .append("\",\"name\":\"bulk\",\"data\":{\"f\":").append(f).append(",\"i\":").append(i).append("}}");
                }
                drop(String.format("f-%03d.json", f), json.append("]").toString());
            }

            JarRun.Running first = JarRun.start(workDir, env());
            first.await("10 files published", 60, () -> names(inbox().resolve(".done")).size() >= 10);
            int exit = signal.equals("SIGTERM") ? first.stop() : first.kill();
            long left = names(inbox()).stream().filter(n -> n.endsWith(".json")).count();
            assertThat(left).as("stopped mid-inbox (" + exit + ")\n" + first.output()).isPositive();
            if (signal.equals("SIGTERM")) {
                assertThat(first.output()).as("a stop finishes the file in hand").doesNotContain("Exception");
            }

            drop("zz-last.json", "{\"channel\":\"" + channel + "\",\"name\":\"sentinel\",\"data\":\"end\"}");
            JarRun.Running second = JarRun.start(workDir, env());
            subscriber.await("the sentinel", r -> r.event().equals("sentinel"), 1, DELIVERY_DEADLINE);
            second.stop();

            List<Received> received = subscriber.received().stream().filter(r -> r.event().equals("bulk")).toList();
            Map<JsonNode, Long> times = received.stream().collect(Collectors.groupingBy(Received::data, Collectors.counting()));
            assertThat(times).as("every event delivered").hasSize(files * perFile);
            List<JsonNode> twice = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            if (signal.equals("SIGTERM")) {
                assertThat(twice).as("a stop sends nothing twice\n" + first.output() + second.output()).isEmpty();
            } else {
                assertThat(twice).as("at most the batch in flight at the kill twice").hasSizeLessThanOrEqualTo(10);
                assertThat(twice.stream().map(d -> d.get("f").asInt()).distinct().count()).as("from one file").isLessThanOrEqualTo(1);
                assertThat(times.values()).allMatch(n -> n <= 2);
            }
            assertThat(names(inbox()).stream().filter(n -> n.endsWith(".json"))).as("inbox emptied").isEmpty();
            assertThat(second.output()).contains("Published f-");
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = soketi.jarEnvironment();
        env.put("PUSHER_SNAPSHOT_PERIOD", "1h");
        return env;
    }

    private Path inbox() {
        return workDir.resolve("events");
    }

    private void drop(String name, String json) {
        InboxFiles.drop(inbox(), name, json);
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long journalRows() throws Exception {
        String url = "jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pusher_data.apps_events WHERE http_status = 200")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
