package io.pusherpipeline.bench;

import io.pusherpipeline.signing.WebhookSignature;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The webhook case of the benchmark, on one database ({@code h2} or {@code postgres}) in one arrival
 * shape ({@link WebhookOrder}): the jar with {@code pusher.webhooks.enabled=true} (two jars on the
 * same database for {@code two-receivers}) and the {@link WebhookFloor} in the same run, each fed the
 * same batches by a {@link WebhookLoad} of its own. First the rising rates (the floor first at every
 * other step), then {@code --duration} at {@code --webhook-rate} on the jar without a pause, reported
 * per minute (per 10 s for runs under 2 minutes), then the same on the floor. The jar's heap after a
 * full GC is read after the steps and after its run. Then the jar stops and the stored rows are
 * checked against the load's own: every event stored once, and {@code presence_sessions} equal to the
 * sessions its member_added and member_removed events make in time order ({@link ExpectedSessions}).
 */
final class WebhookBench {

    private static final String PATH = "/pusher/webhooks";
    /** Both loads shuffle and pick alike: the same seed. */
    private static final long SEED = 28;

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

    /**
     * One database and one order; prints each step, each part of the run and a PASS or FAIL line, and
     * returns the BENCH line (with {@code check=PASS} or {@code check=FAIL}).
     */
    static String run(String databaseName, WebhookOrder order, Path jar, Path work, Map<String, String> opts) throws Exception {
        Path dir = work.resolve("webhooks-" + databaseName + "-" + order.label() + "-" + System.currentTimeMillis());
        Database db = Database.of(databaseName, dir);
        int[] rates = Arrays.stream(opts.get("webhook-rates").split(",")).map(String::strip).filter(r -> !r.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        double stepSeconds = Double.parseDouble(opts.get("webhook-step-s"));
        int rate = Integer.parseInt(opts.get("webhook-rate"));
        double duration = Bench.seconds(opts.get("duration"));
        double floorDuration = opts.get("webhook-floor-duration").isBlank() ? duration : Bench.seconds(opts.get("webhook-floor-duration"));
        double intervalS = duration >= 120 ? 60 : 10;
        int channels = opts.get("webhook-channels").isBlank() ? order.defaultChannels : Integer.parseInt(opts.get("webhook-channels"));
        int inFlight = Integer.parseInt(opts.get("webhook-in-flight"));
        String loadBefore = Bench.loadAverage();
        System.out.printf(Locale.ROOT, "BENCH-WEBHOOK-INFO database=%s order=%s receivers=%d channels=%d window=%d retried_share=%s"
                        + " sent_to_both_share=%s retry_delay_s=%s load_avg=%s%n", databaseName, order.label(), order.receivers, channels,
                order.window, order.retriedShare, order.toAllShare, retryDelayNote(order, duration), loadBefore);
        List<WebhookLoad.Step> pipelineSteps = new ArrayList<>();
        List<WebhookLoad.Step> floorSteps = new ArrayList<>();
        WebhookLoad.Step pipelineRun = null;
        WebhookLoad.Step floorRun = null;
        List<String> heap = new ArrayList<>();
        WebhookLoad pipelineLoad;
        WebhookLoad floorLoad;
        try (BenchPusher pusher = new BenchPusher(100, 20, 3, 5);
             WebhookFloor floor = new WebhookFloor(db.floorUrl(), db.user(), db.password(), db.schema() + "_floor", 16)) {
            List<Integer> ports = new ArrayList<>();
            List<Process> processes = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            try {
                for (int r = 0; r < order.receivers; r++) {
                    int port = Bench.freePort();
                    Path jarDir = dir.resolve(r == 0 ? "pipeline" : "pipeline-" + (r + 1));
                    ports.add(port);
                    dirs.add(jarDir);
                    processes.add(PipelineRun.start(jar, jarDir, environment(pusher, db, port), Bench.jvmOptions(opts)));
                }
                for (int r = 0; r < processes.size(); r++) {
                    awaitReceiver(ports.get(r), processes.get(r));
                    awaitFirstSnapshot(dirs.get(r).resolve("pipeline.log"), processes.get(r));
                }
                pipelineLoad = new WebhookLoad("pipeline", ports, PATH, channels, inFlight, order, SEED);
                floorLoad = new WebhookLoad("floor", Collections.nCopies(order.receivers, floor.port()), PATH, channels, inFlight,
                        order, SEED);
                for (int i = 0; i < rates.length; i++) {
                    step(i % 2 == 0, pipelineLoad, floorLoad, rates[i], stepSeconds, pipelineSteps, floorSteps);
                }
                List<String> afterSteps = heapAfterFullGc(processes, dirs);
                if (duration > 0) {
                    pipelineRun = pipelineLoad.run(rate, duration, intervalS);
                    pipelineRun.intervalLines().forEach(System.out::println);
                    System.out.println(pipelineRun.line());
                }
                List<String> afterRun = heapAfterFullGc(processes, dirs);
                for (int r = 0; r < processes.size(); r++) {
                    heap.add(afterSteps.get(r) + "/" + afterRun.get(r));
                }
                if (floorDuration > 0) {
                    floorRun = floorLoad.run(rate, floorDuration, intervalS);
                    floorRun.intervalLines().forEach(System.out::println);
                    System.out.println(floorRun.line());
                }
            } finally {
                for (Process process : processes) {
                    process.destroy();
                }
                for (Process process : processes) {
                    process.waitFor();
                }
            }
        }
        List<WebhookLoad.Step> pipelineAll = all(pipelineSteps, pipelineRun);
        List<WebhookLoad.Step> floorAll = all(floorSteps, floorRun);
        long events = pipelineLoad.added() + pipelineLoad.removed();
        long floorEvents = floorLoad.added() + floorLoad.removed();
        long rows = count(db.pipelineUrl(), db, "SELECT COUNT(*) FROM " + db.schema() + ".webhook_events WHERE channel_name LIKE '"
                + WebhookLoad.CHANNEL_PREFIX + "%'");
        long floorRows = count(db.floorUrl(), db, "SELECT COUNT(*) FROM " + db.schema() + "_floor." + WebhookFloor.TABLE);
        ExpectedSessions.Check check;
        try (Connection c = DriverManager.getConnection(db.pipelineUrl(), db.user(), db.password())) {
            check = pipelineLoad.sessions().check(c, db.schema(), BenchPusher.APP_ID);
        }
        boolean passed = check.passed() && rows == events;
        System.out.printf(Locale.ROOT, "BENCH-WEBHOOK-CHECK %s database=%s order=%s rows=%d events=%d %s non_200=%d gave_up=%d%n",
                passed ? "PASS" : "FAIL", databaseName, order.label(), rows, events, check.fields(),
                sum(pipelineAll, WebhookLoad.Step::non200), sum(pipelineAll, WebhookLoad.Step::gaveUp));
        check.examples().forEach(example -> System.out.println("BENCH-WEBHOOK-CHECK   " + example));
        List<WebhookLoad.Interval> parts = pipelineRun == null ? List.of() : pipelineRun.intervals();
        List<WebhookLoad.Interval> floorParts = floorRun == null ? List.of() : floorRun.intervals();
        int sustained = sustained(pipelineSteps);
        int floorSustained = sustained(floorSteps);
        return String.format(Locale.ROOT, "BENCH case=webhooks-%s order=%s receivers=%d channels=%d events_per_batch=%d in_flight=%d"
                        + " rates=%s step_s=%s sustained_events_per_s=%d floor_sustained_events_per_s=%d ratio_sustained=%s"
                        + " max_ok_events_per_s=%.0f floor_max_ok_events_per_s=%.0f ratio_floor=%s rate=%d duration_s=%.0f interval_s=%.0f"
                        + " ok_events_per_s=%s floor_ok_events_per_s=%s p50_ms=%s p99_ms=%s first_p99_ms=%s last_p99_ms=%s"
                        + " floor_p99_ms=%s late_answers=%d non_200=%d gave_up=%d resends=%d retried=%d sent_to_both=%d"
                        + " heap_after_gc_mb=%s events_ok=%d events=%d rows=%d floor_events=%d floor_rows=%d %s check=%s"
                        + " load_avg=%s..%s xmx=%s",
                databaseName, order.label(), order.receivers, channels, WebhookLoad.EVENTS_PER_BATCH, inFlight,
                rates.length == 0 ? "none" : opts.get("webhook-rates"), opts.get("webhook-step-s"), sustained, floorSustained,
                floorSustained == 0 ? "n/a" : Bench.fmt((double) sustained / floorSustained),
                best(pipelineSteps), best(floorSteps), best(pipelineSteps) == 0 ? "n/a" : Bench.fmt(best(floorSteps) / best(pipelineSteps)),
                rate, duration, intervalS, range(parts, WebhookLoad.Interval::okPerS), range(floorParts, WebhookLoad.Interval::okPerS),
                range(parts, WebhookLoad.Interval::p50Ms), range(parts, WebhookLoad.Interval::p99Ms),
                parts.isEmpty() ? "n/a" : Bench.fmt(parts.get(0).p99Ms()),
                parts.isEmpty() ? "n/a" : Bench.fmt(parts.get(parts.size() - 1).p99Ms()), range(floorParts, WebhookLoad.Interval::p99Ms),
                sum(pipelineAll, WebhookLoad.Step::late), sum(pipelineAll, WebhookLoad.Step::non200),
                sum(pipelineAll, WebhookLoad.Step::gaveUp), sum(pipelineAll, WebhookLoad.Step::resends),
                sum(pipelineAll, WebhookLoad.Step::retried), sum(pipelineAll, WebhookLoad.Step::toAll), String.join(",", heap),
                sum(pipelineAll, WebhookLoad.Step::okEvents), events, rows, floorEvents, floorRows, check.fields(), passed ? "PASS" : "FAIL",
                loadBefore, Bench.loadAverage(), opts.get("xmx"));
    }

    /** What the run does with retries: Pusher's delays, or scaled down for a run shorter than 5 minutes. */
    private static String retryDelayNote(WebhookOrder order, double duration) {
        if (order.retriedShare == 0) {
            return "none";
        }
        double[] delay = WebhookOrder.retryDelaySeconds(duration);
        return Bench.fmt(delay[0]) + ".." + Bench.fmt(delay[1]) + (duration >= 300 ? "" : "(scaled:run_shorter_than_5_minutes;"
                + "Pusher's_are_60..300;each_rising_step_scales_to_its_own_length)");
    }

    /** One rate, on the floor and the pipeline in turn; each step's line is printed as it ends. */
    private static void step(boolean floorFirst, WebhookLoad pipeline, WebhookLoad floor, int rate, double seconds,
                             List<WebhookLoad.Step> pipelineSteps, List<WebhookLoad.Step> floorSteps) throws InterruptedException {
        for (int turn = 0; turn < 2; turn++) {
            boolean onFloor = (turn == 0) == floorFirst;
            WebhookLoad.Step step = (onFloor ? floor : pipeline).run(rate, seconds, seconds);
            (onFloor ? floorSteps : pipelineSteps).add(step);
            System.out.println(step.line());
        }
    }

    /** Each jar's heap after a full GC now, in MB ("?" when its GC log shows none). */
    private static List<String> heapAfterFullGc(List<Process> processes, List<Path> dirs) throws Exception {
        List<String> heap = new ArrayList<>();
        for (int r = 0; r < processes.size(); r++) {
            PipelineRun.fullGc(processes.get(r));
            List<Double> afterGc = PipelineRun.heapAfterFullGcMb(dirs.get(r).resolve("gc.log"));
            heap.add(afterGc.isEmpty() ? "?" : String.format(Locale.ROOT, "%.0f", afterGc.get(afterGc.size() - 1)));
        }
        return heap;
    }

    private static List<WebhookLoad.Step> all(List<WebhookLoad.Step> steps, WebhookLoad.Step run) {
        List<WebhookLoad.Step> all = new ArrayList<>(steps);
        if (run != null) {
            all.add(run);
        }
        return all;
    }

    private static long sum(List<WebhookLoad.Step> steps, java.util.function.ToLongFunction<WebhookLoad.Step> value) {
        return steps.stream().mapToLong(value).sum();
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

    private static <T> String range(List<T> values, java.util.function.ToDoubleFunction<T> value) {
        if (values.isEmpty()) {
            return "n/a";
        }
        double[] sorted = values.stream().mapToDouble(value).sorted().toArray();
        return Bench.fmt(sorted[0]) + ".." + Bench.fmt(sorted[sorted.length - 1]);
    }
}
