package io.pusherpipeline.bench;

import io.pusherpipeline.signing.WebhookSignature;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The webhook case of the benchmark, on one database ({@code h2} or {@code postgres}): the jar
 * with {@code pusher.webhooks.enabled=true} and the {@link WebhookFloor} in the same run, each fed
 * the same batches by a {@link WebhookLoad} of its own. First the rising rates (the floor first at
 * every other step), then {@code --duration} at {@code --webhook-rate} in five parts, alternating,
 * the jar's heap after a full GC after each of its parts. Then the jar stops and the rows are
 * counted: every event answered 200 stored once, one session per member_added.
 */
final class WebhookBench {

    private static final String PATH = "/pusher/webhooks";

    private WebhookBench() {
    }

    /** Where the jar and the floor store: their JDBC URLs, one login, a schema each. */
    private record Database(String name, String pipelineUrl, String floorUrl, String user, String password, String schema) {

        static Database of(String name, Path dir) {
            String stamp = Long.toString(System.currentTimeMillis());
            if (name.equals("h2")) {
                return new Database(name, "jdbc:h2:file:" + dir.resolve("pipeline/data/pusher") + ";AUTO_SERVER=TRUE",
                        "jdbc:h2:file:" + dir.resolve("floor/pusher"), "", "", "bench_" + stamp);
            }
            String url = System.getenv("PUSHER_TEST_PG_URL");
            if (!name.equals("postgres") || url == null) {
                throw new IllegalArgumentException("--webhooks takes h2 and postgres; postgres needs PUSHER_TEST_PG_URL,"
                        + " _USER and _PASSWORD (.ci/with-postgres bench/run.sh ...)");
            }
            return new Database(name, url, url, System.getenv("PUSHER_TEST_PG_USER"), System.getenv("PUSHER_TEST_PG_PASSWORD"),
                    "bench_" + stamp);
        }
    }

    static String run(String databaseName, Path jar, Path work, Map<String, String> opts) throws Exception {
        Path dir = work.resolve("webhooks-" + databaseName + "-" + System.currentTimeMillis());
        Database db = Database.of(databaseName, dir);
        int[] rates = Arrays.stream(opts.get("webhook-rates").split(",")).mapToInt(Integer::parseInt).toArray();
        double stepSeconds = Double.parseDouble(opts.get("webhook-step-s"));
        int rate = Integer.parseInt(opts.get("webhook-rate"));
        double duration = seconds(opts.get("duration"));
        int channels = Integer.parseInt(opts.get("webhook-channels"));
        int inFlight = Integer.parseInt(opts.get("webhook-in-flight"));
        String loadBefore = Bench.loadAverage();
        List<WebhookLoad.Step> pipelineSteps = new ArrayList<>();
        List<WebhookLoad.Step> floorSteps = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        WebhookLoad pipelineLoad;
        WebhookLoad floorLoad;
        Process process;
        try (BenchPusher pusher = new BenchPusher(100, 20, 3, 5);
             WebhookFloor floor = new WebhookFloor(db.floorUrl(), db.user(), db.password(), db.schema() + "_floor", 16)) {
            int port = freePort();
            process = PipelineRun.start(jar, dir.resolve("pipeline"), environment(pusher, db, port), Bench.jvmOptions(opts));
            try {
                awaitReceiver(port, process);
                awaitFirstSnapshot(dir.resolve("pipeline/pipeline.log"), process);
                pipelineLoad = new WebhookLoad("pipeline", port, PATH, channels, inFlight);
                floorLoad = new WebhookLoad("floor", floor.port(), PATH, channels, inFlight);
                for (int i = 0; i < rates.length; i++) {
                    step(i % 2 == 0, pipelineLoad, floorLoad, rates[i], stepSeconds, pipelineSteps, floorSteps);
                }
                List<WebhookLoad.Step> sustainedPipeline = new ArrayList<>();
                List<WebhookLoad.Step> sustainedFloor = new ArrayList<>();
                for (int part = 0; part < 5 && duration > 0; part++) {
                    step(part % 2 == 0, pipelineLoad, floorLoad, rate, duration / 5, sustainedPipeline, sustainedFloor);
                    PipelineRun.fullGc(process);
                    List<Double> afterGc = PipelineRun.heapAfterFullGcMb(dir.resolve("pipeline/gc.log"));
                    heap.add(afterGc.isEmpty() ? -1 : afterGc.get(afterGc.size() - 1));
                }
                pipelineSteps.addAll(sustainedPipeline);
                floorSteps.addAll(sustainedFloor);
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
        long okEvents = pipelineSteps.stream().mapToLong(WebhookLoad.Step::okEvents).sum();
        long floorOkEvents = floorSteps.stream().mapToLong(WebhookLoad.Step::okEvents).sum();
        long[] rows = pipelineRows(db);
        long floorRows = count(db.floorUrl(), db, "SELECT COUNT(*) FROM " + db.schema() + "_floor." + WebhookFloor.TABLE);
        List<WebhookLoad.Step> atRate = pipelineSteps.subList(rates.length, pipelineSteps.size());
        List<WebhookLoad.Step> floorAtRate = floorSteps.subList(rates.length, floorSteps.size());
        return String.format(Locale.ROOT, "BENCH case=webhooks-%s channels=%d events_per_batch=%d in_flight=%d rates=%s step_s=%s"
                        + " sustained_events_per_s=%d floor_sustained_events_per_s=%d max_ok_events_per_s=%.0f floor_max_ok_events_per_s=%.0f"
                        + " ratio_floor=%s rate=%d duration_s=%.0f ok_events_per_s=%s floor_ok_events_per_s=%s p50_ms=%s p99_ms=%s"
                        + " floor_p50_ms=%s floor_p99_ms=%s failed_batches=%d heap_after_gc_mb=%s events_ok=%d rows=%d"
                        + " floor_events_ok=%d floor_rows=%d sessions=%d expected_sessions=%d open_sessions=%d expected_open=%d"
                        + " load_avg=%s..%s xmx=%s",
                databaseName, channels, WebhookLoad.EVENTS_PER_BATCH, inFlight, opts.get("webhook-rates"), opts.get("webhook-step-s"),
                sustained(pipelineSteps), sustained(floorSteps), best(pipelineSteps), best(floorSteps),
                Bench.fmt(best(floorSteps) / best(pipelineSteps)), rate, duration,
                range(atRate, WebhookLoad.Step::okPerS), range(floorAtRate, WebhookLoad.Step::okPerS),
                range(atRate, WebhookLoad.Step::p50Ms), range(atRate, WebhookLoad.Step::p99Ms),
                range(floorAtRate, WebhookLoad.Step::p50Ms), range(floorAtRate, WebhookLoad.Step::p99Ms),
                pipelineSteps.stream().mapToLong(WebhookLoad.Step::failedBatches).sum(),
                heap.stream().map(mb -> String.format(Locale.ROOT, "%.0f", mb)).reduce((a, b) -> a + "," + b).orElse("n/a"),
                okEvents, rows[0], floorOkEvents, floorRows, rows[1], pipelineLoad.added(), rows[2],
                pipelineLoad.added() - pipelineLoad.removed(), loadBefore, Bench.loadAverage(), opts.get("xmx"));
    }

    /** One rate, on the floor and the pipeline in turn; each step's line is printed as it ends. */
    private static void step(boolean floorFirst, WebhookLoad pipeline, WebhookLoad floor, int rate, double seconds,
                             List<WebhookLoad.Step> pipelineSteps, List<WebhookLoad.Step> floorSteps) throws InterruptedException {
        for (int turn = 0; turn < 2; turn++) {
            boolean onFloor = (turn == 0) == floorFirst;
            WebhookLoad.Step step = (onFloor ? floor : pipeline).run(rate, seconds);
            (onFloor ? floorSteps : pipelineSteps).add(step);
            System.out.println(step.line());
        }
    }

    private static Map<String, String> environment(BenchPusher pusher, Database db, int port) {
        Map<String, String> env = new HashMap<>(pusher.env(4));
        env.putAll(Map.of("PUSHER_WEBHOOKS_ENABLED", "true", "PUSHER_WEBHOOKS_PORT", Integer.toString(port),
                "PUSHER_SNAPSHOT_PERIOD", "1h", "PUSHER_JDBC_URL", db.pipelineUrl(), "PUSHER_JDBC_USER", db.user(),
                "PUSHER_JDBC_PASSWORD", db.password(), "PUSHER_JDBC_SCHEMA", db.schema()));
        return env;
    }

    /** Until the receiver answers a signed empty batch with 200. */
    private static void awaitReceiver(int port, Process process) {
        HttpClient client = HttpClient.newHttpClient();
        byte[] empty = "{\"time_ms\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .header("X-Pusher-Key", BenchPusher.KEY).header("X-Pusher-Signature", WebhookSignature.sign(BenchPusher.SECRET, empty))
                .POST(HttpRequest.BodyPublishers.ofByteArray(empty)).build();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the pipeline exited with " + process.exitValue());
            }
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    /**
     * Until the jar's first snapshot (taken at start) loaded: the load's events are stamped after it,
     * as real webhooks would be, not inside its window.
     */
    private static void awaitFirstSnapshot(Path log, Process process) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the pipeline exited with " + process.exitValue());
            }
            return PipelineRun.LOADED.matcher(Files.readString(log)).find();
        });
    }

    /**
     * webhook_events, and the sessions and open sessions of the load's channels (the first snapshot's
     * healing opens those of the simulated app's own presence rooms), counted after the jar stopped.
     */
    private static long[] pipelineRows(Database db) throws SQLException {
        String s = db.schema();
        String sessions = "SELECT COUNT(*) FROM " + s + ".presence_sessions WHERE channel_name LIKE '"
                + WebhookLoad.CHANNEL_PREFIX + "%'";
        return new long[] {count(db.pipelineUrl(), db, "SELECT COUNT(*) FROM " + s + ".webhook_events"),
                count(db.pipelineUrl(), db, sessions), count(db.pipelineUrl(), db, sessions + " AND left_at IS NULL")};
    }

    private static long count(String url, Database db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The highest rate the target kept up with (every batch 200, p99 under 500 ms), 0 for none. */
    private static int sustained(List<WebhookLoad.Step> steps) {
        return steps.stream().filter(WebhookLoad.Step::sustained).mapToInt(WebhookLoad.Step::offeredPerS).max().orElse(0);
    }

    private static double best(List<WebhookLoad.Step> steps) {
        return steps.stream().mapToDouble(WebhookLoad.Step::okPerS).max().orElse(0);
    }

    private static String range(List<WebhookLoad.Step> steps, java.util.function.ToDoubleFunction<WebhookLoad.Step> value) {
        if (steps.isEmpty()) {
            return "n/a";
        }
        double[] values = steps.stream().mapToDouble(value).sorted().toArray();
        return Bench.fmt(values[0]) + ".." + Bench.fmt(values[values.length - 1]);
    }

    private static double seconds(String duration) {
        String d = duration.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith("m")) {
            return Double.parseDouble(d.substring(0, d.length() - 1)) * 60;
        }
        return Double.parseDouble(d.endsWith("s") ? d.substring(0, d.length() - 1) : d);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
