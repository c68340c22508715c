package io.pusherpipeline.bench;

import io.pusherpipeline.e2e.Soketi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The archiver case of the benchmark (issue 29: at least 5,000 archived events/s into PostgreSQL from one
 * connection subscribed to 1,000 channels, publish to row p99 under 1 s). soketi with one app; an
 * {@link ArchiveFloor} client occupies {@code --archive-channels} public channels and records what soketi
 * delivers to a bare client; the jar starts with the archiver on (its first snapshot lists the channels)
 * and the run begins once it archives every one. An {@link ArchiveLoad} publishes the rising
 * {@code --archive-rates} for {@code --archive-step-s} each, then {@code --archive-rate} for
 * {@code --archive-duration}, each waited for until stored; {@link ArchiveRows} reads the new rows every
 * {@code --archive-poll-ms}: latency is the time a row was first read minus the send time in its data.
 * At the end every event of an answered request must be stored exactly once, and none twice; those of a failed
 * request (a timeout, say) may be stored or not (BENCH-ARCHIVE-CHECK PASS or FAIL).
 */
final class ArchiveBench {

    private static final String APP_ID = "29";
    private static final String KEY = "archive-bench-key";
    private static final String SECRET = "archive-bench-secret";
    private static final Pattern ARCHIVING = Pattern.compile("Archiving channel ");

    private ArchiveBench() {
    }

    /** One step's outcome, for the archiver and the floor. */
    private record Step(int rate, double seconds, ArchiveLoad.Sent sent, ArchiveArrivals.Stats stored, ArchiveArrivals.Stats floor,
                        ArchiveArrivals.Stats received) {

        String line() {
            return String.format(Locale.ROOT, "BENCH-ARCHIVE-STEP rate=%d seconds=%.0f published=%d publish_per_s=%.0f"
                            + " stored_events_per_s=%.0f p50_ms=%.0f p99_ms=%.0f max_ms=%.0f floor_events_per_s=%.0f floor_p50_ms=%.0f"
                            + " floor_p99_ms=%.0f received_p50_ms=%.0f received_p99_ms=%.0f missing=%d doubled=%d floor_missing=%d"
                            + " failed_requests=%d late_requests=%d load_avg=%s",
                    rate, seconds, sent.to() - sent.from(), sent.perSecond(), stored.perSecond(), stored.p50Ms(), stored.p99Ms(),
                    stored.maxMs(), floor.perSecond(), floor.p50Ms(), floor.p99Ms(), received.p50Ms(), received.p99Ms(), stored.missing(),
                    stored.doubled(), floor.missing(), sent.failedRequests(), sent.late(), Bench.loadAverage());
        }
    }

    /** The case on {@code database} ({@code postgres} or {@code h2}); prints each step and the check, returns the BENCH line. */
    static String run(String database, Path jar, Path work, Map<String, String> opts) throws Exception {
        int channelCount = Integer.parseInt(opts.get("archive-channels"));
        int rate = Integer.parseInt(opts.get("archive-rate"));
        int[] rates = Arrays.stream(opts.get("archive-rates").split(",")).map(String::strip).filter(r -> !r.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        double stepSeconds = Double.parseDouble(opts.get("archive-step-s"));
        double duration = Double.parseDouble(opts.get("archive-duration").replaceFirst("s$", ""));
        long pollMs = Long.parseLong(opts.get("archive-poll-ms"));
        Path dir = work.resolve("archive-" + database + "-" + System.currentTimeMillis());
        String[] db = database(database, dir);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < channelCount; i++) {
            channels.add(String.format(Locale.ROOT, "bench-%05d", i));
        }
        String loadBefore = Bench.loadAverage();
        System.out.printf(Locale.ROOT, "BENCH-ARCHIVE-INFO database=%s channels=%d rates=%s step_s=%s rate=%d duration_s=%.0f"
                + " poll_ms=%d events_per_request=%d load_avg=%s%n", database, channelCount, opts.get("archive-rates"),
                opts.get("archive-step-s"), rate, duration, pollMs, ArchiveLoad.PER_REQUEST, loadBefore);
        List<Step> steps = new ArrayList<>();
        Step main = null;
        long[] stored;
        int published;
        int failed = 0;
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET, Map.of("SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "-1",
                "SOKETI_DEFAULT_APP_MAX_CLIENT_EVENTS_PER_SEC", "-1", "SOKETI_DEFAULT_APP_MAX_READ_REQ_PER_SEC", "-1",
                "SOKETI_DEFAULT_APP_MAX_CONNS", "-1"));
             ArchiveFloor floor = ArchiveFloor.subscribe(soketi.host(), soketi.port(), KEY, channels)) {
            Map<String, String> env = new HashMap<>(soketi.jarEnvironment());
            env.putAll(Map.of("PUSHER_ARCHIVE_ENABLED", "true", "PUSHER_SNAPSHOT_PERIOD", "1h",
                    "PUSHER_MANAGEMENT_PORT", Integer.toString(Bench.freePort()), "PUSHER_JDBC_URL", db[0], "PUSHER_JDBC_USER", db[1],
                    "PUSHER_JDBC_PASSWORD", db[2], "PUSHER_JDBC_SCHEMA", db[3]));
            Path jarDir = dir.resolve("pipeline");
            Process process = PipelineRun.start(jar, jarDir, env, Bench.jvmOptions(opts));
            try {
                awaitArchiving(jarDir.resolve("pipeline.log"), process, channelCount);
                try (ArchiveRows rows = new ArchiveRows(db[0], db[1], db[2], db[3], APP_ID, channels, pollMs);
                     ArchiveLoad load = new ArchiveLoad(soketi.baseUri(), APP_ID, KEY, SECRET, channels)) {
                    for (int stepRate : rates) {
                        Step step = step(load, rows, floor, process, stepRate, stepSeconds);
                        steps.add(step);
                        System.out.println(step.line());
                    }
                    if (duration > 0) {
                        main = step(load, rows, floor, process, rate, duration);
                        System.out.println(main.line().replace("BENCH-ARCHIVE-STEP", "BENCH-ARCHIVE-RUN"));
                        parts(main, rows, floor).forEach(System.out::println);
                    }
                    published = load.next();
                    for (Step step : steps) {
                        failed += step.sent().failedRequests();
                    }
                    failed += main == null ? 0 : main.sent().failedRequests();
                    rows.close();
                    process.destroy();
                    process.waitFor();
                    stored = rows.countAndDistinct();
                    ArchiveArrivals.Stats all = rows.arrivals().stats(0, published);
                    ArchiveArrivals.Stats floorAll = floor.arrivals().stats(0, published);
                    // Every event of an answered request stored, none twice; those of a failed request may be either.
                    long missing = 0;
                    long failedEvents = 0;
                    long failedStored = 0;
                    for (int seq = 0; seq < published; seq++) {
                        boolean seen = rows.arrivals().times(seq) > 0;
                        if (load.failed(seq)) {
                            failedEvents++;
                            failedStored += seen ? 1 : 0;
                        } else if (!seen) {
                            missing++;
                        }
                    }
                    long doubled = stored[0] - stored[1];
                    boolean passed = missing == 0 && doubled == 0 && all.doubled() == 0 && stored[1] == published - failedEvents + failedStored;
                    System.out.printf(Locale.ROOT, "BENCH-ARCHIVE-CHECK %s database=%s published=%d rows=%d distinct=%d missing=%d"
                                    + " doubled=%d read_doubled=%d failed_requests=%d failed_events=%d failed_events_stored=%d"
                                    + " floor_missing=%d floor_doubled=%d%n",
                            passed ? "PASS" : "FAIL", database, published, stored[0], stored[1], missing, doubled, all.doubled(),
                            failed, failedEvents, failedStored, floorAll.missing(), floorAll.doubled());
                    Step reported = main != null ? main : steps.get(steps.size() - 1);
                    return String.format(Locale.ROOT, "BENCH case=archive-%s channels=%d rate=%d duration_s=%.0f"
                                    + " stored_events_per_s=%.0f p50_ms=%.0f p99_ms=%.0f max_ms=%.0f floor_events_per_s=%.0f"
                                    + " floor_p50_ms=%.0f floor_p99_ms=%.0f received_p99_ms=%.0f publish_per_s=%.0f missing=%d doubled=%d published=%d"
                                    + " failed_requests=%d late_requests=%d poll_ms=%d steps=%s check=%s load_avg=%s..%s xmx=%s",
                            database, channelCount, reported.rate(), reported.seconds(), reported.stored().perSecond(),
                            reported.stored().p50Ms(), reported.stored().p99Ms(), reported.stored().maxMs(),
                            reported.floor().perSecond(), reported.floor().p50Ms(), reported.floor().p99Ms(), reported.received().p99Ms(),
                            reported.sent().perSecond(), missing, doubled, published, failed, reported.sent().late(), pollMs,
                            stepSummary(steps), passed ? "PASS" : "FAIL", loadBefore, Bench.loadAverage(), opts.get("xmx"));
                }
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    /** The run by 10 s parts of its sequence numbers (published in order): whether the latency holds or grows. */
    private static List<String> parts(Step run, ArchiveRows rows, ArchiveFloor floor) {
        List<String> lines = new ArrayList<>();
        int perPart = run.rate() * 10;
        for (int from = run.sent().from(), part = 0; from < run.sent().to(); from += perPart, part++) {
            int to = Math.min(run.sent().to(), from + perPart);
            ArchiveArrivals.Stats stored = rows.arrivals().stats(from, to);
            ArchiveArrivals.Stats received = rows.received().stats(from, to);
            ArchiveArrivals.Stats bare = floor.arrivals().stats(from, to);
            lines.add(String.format(Locale.ROOT, "BENCH-ARCHIVE-PART from_s=%d events=%d stored_events_per_s=%.0f p50_ms=%.0f"
                            + " p99_ms=%.0f max_ms=%.0f received_p99_ms=%.0f floor_p99_ms=%.0f", part * 10, to - from,
                    stored.perSecond(), stored.p50Ms(), stored.p99Ms(), stored.maxMs(), received.p99Ms(), bare.p99Ms()));
        }
        return lines;
    }

    /** Each rising step as rate:stored/s:p99 ms, for the BENCH line. */
    private static String stepSummary(List<Step> steps) {
        if (steps.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Step s : steps) {
            parts.add(String.format(Locale.ROOT, "%d:%.0f:%.0f", s.rate(), s.stored().perSecond(), s.stored().p99Ms()));
        }
        return String.join(",", parts);
    }

    /** One rate for {@code seconds}, then waits until the archiver and the floor saw it all (or stopped making progress). */
    private static Step step(ArchiveLoad load, ArchiveRows rows, ArchiveFloor floor, Process process, int rate, double seconds)
            throws InterruptedException {
        ArchiveLoad.Sent sent = load.run(rate, seconds);
        if (sent.failedRequests() > 0) {
            System.out.println("BENCH-ARCHIVE-INFO " + sent.failedRequests() + " requests failed at " + rate + " events/s; the first: "
                    + sent.firstError());
        }
        int expected = sent.to() - sent.from();
        long lastProgress = System.nanoTime();
        int before = -1;
        while (true) {
            int seen = rows.arrivals().seen(sent.from(), sent.to()) + floor.arrivals().seen(sent.from(), sent.to());
            if (seen == 2 * expected || !process.isAlive()) {
                break;
            }
            if (seen != before) {
                before = seen;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 15_000_000_000L) {
                System.out.println("BENCH-ARCHIVE-INFO no progress for 15 s: stored " + rows.arrivals().seen(sent.from(), sent.to())
                        + ", floor " + floor.arrivals().seen(sent.from(), sent.to()) + " of " + expected
                        + (rows.error() == null ? "" : "; last read error: " + rows.error()));
                break;
            }
            Thread.sleep(50);
        }
        return new Step(rate, seconds, sent, rows.arrivals().stats(sent.from(), sent.to()),
                floor.arrivals().stats(sent.from(), sent.to()), rows.received().stats(sent.from(), sent.to()));
    }

    /** Until the jar's log says it archives every channel (its first snapshot listed them). */
    private static void awaitArchiving(Path log, Process process, int channels) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        long archiving = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the pipeline exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            archiving = Files.exists(log) ? ARCHIVING.matcher(Files.readString(log)).results().count() : 0;
            if (archiving >= channels) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the archiver follows " + archiving + " of " + channels + " channels after 180 s; see " + log);
    }

    /** JDBC URL, user, password and schema of the jar's database. */
    private static String[] database(String name, Path dir) {
        if (name.equals("h2")) {
            return new String[] {"jdbc:h2:file:" + dir.resolve("pipeline/data/pusher") + ";AUTO_SERVER=TRUE", "", "", "pusher_data"};
        }
        String url = System.getenv("PUSHER_TEST_PG_URL");
        if (!name.equals("postgres") || url == null) {
            throw new IllegalArgumentException("--archive takes h2 and postgres; postgres needs PUSHER_TEST_PG_URL, _USER and"
                    + " _PASSWORD (.ci/with-postgres bench/run.sh --archive postgres)");
        }
        return new String[] {url, System.getenv("PUSHER_TEST_PG_USER"), System.getenv("PUSHER_TEST_PG_PASSWORD"),
            "bench_archive_" + System.currentTimeMillis()};
    }
}
