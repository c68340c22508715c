package io.pusherpipeline.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scaling series of the benchmark: one {@code --once} run of the jar per case and destination
 * (h2, or postgres with PUSHER_TEST_PG_URL), a full GC forced every 2 s to read the heap the run
 * really holds, the write phase from the pipeline's own DEBUG line, and for PostgreSQL the same
 * rows through {@link CopyFloor} right after, in the same run: in the order of Pusher's list (the
 * target's floor) and made in order (copy_ordered_s). One {@code BENCH-SCALE} line each.
 * With {@code --scale-warm true}: the long-running mode instead, measured on its second snapshot
 * (a warm JVM, tables holding the first), against the second of two COPY loads; its live heap is
 * then the heap a full GC left after each snapshot, and its requests n/a (the second snapshot can
 * start before the first is counted, so their requests are not told apart).
 */
final class ScaleBench {

    // Load 1a2b3c4d: 1000 channel rows and 1000 member rows written in 0.123 s from the first row to the commit, 0.045 s of it writing
    private static final Pattern WRITE = Pattern.compile("(\\S+) DEBUG storage - .* written in ([\\d.]+) s from the first row to the commit,"
            + " ([\\d.]+) s of it writing");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern SUMMARY = Pattern.compile("loaded in ([\\d.]+) s: (\\d+) channels \\((\\d+) presence, (\\d+) members\\)");

    private ScaleBench() {
    }

    static String run(String spec, String destination, Path jar, Path work, Map<String, String> opts) throws Exception {
        String name = spec.split(":")[0];
        int[] size = Bench.sizeOf(spec);
        long latency = Long.parseLong(opts.get("latency-ms"));
        int concurrency = Integer.parseInt(opts.get("concurrency"));
        Path dir = work.resolve(name + "-" + destination + "-" + System.currentTimeMillis());
        String schema = "bench_" + name.replaceAll("\\W", "_") + "_" + System.currentTimeMillis();
        try (BenchPusher pusher = new BenchPusher(size[0], size[1], size[2], latency)) {
            Map<String, String> env = pusher.env(concurrency);
            // Without members the snapshot is one or two requests: the write path alone, nothing beside it on the CPU.
            boolean users = Boolean.parseBoolean(opts.get("scale-users"));
            env.put("PUSHER_SNAPSHOT_USERS", Boolean.toString(users));
            if (destination.equals("postgres")) {
                env.putAll(Map.of("PUSHER_JDBC_URL", pgUrl(), "PUSHER_JDBC_USER", env("PUSHER_TEST_PG_USER"),
                        "PUSHER_JDBC_PASSWORD", env("PUSHER_TEST_PG_PASSWORD"), "PUSHER_JDBC_SCHEMA", schema));
            } else if (!destination.equals("h2")) {
                throw new IllegalArgumentException("--destinations takes h2 and postgres, not " + destination);
            }
            List<String> jvm = new ArrayList<>(Bench.jvmOptions(opts));
            jvm.add("-Dorg.slf4j.simpleLogger.log.pusher.storage=debug");
            boolean warm = Boolean.parseBoolean(opts.get("scale-warm"));
            int snapshots = warm ? 2 : 1;
            PipelineRun.Result run;
            if (warm) {
                env.put("PUSHER_SNAPSHOT_PERIOD", "2s");
                run = PipelineRun.run(jar, dir, env, jvm, snapshots, n -> { });
            } else {
                run = PipelineRun.runSampled(jar, dir, env, jvm, Duration.ofSeconds(2), "--once");
            }
            Matcher summary = SUMMARY.matcher(run.output());
            Matcher write = WRITE.matcher(run.output());
            boolean found = true;
            for (int i = 0; i < snapshots; i++) {
                found &= summary.find() && write.find();
            }
            if (!warm && run.exitCode() != 0 || !found || pusher.refusedSignatures() > 0
                    || Integer.parseInt(summary.group(2)) != size[0] || Long.parseLong(summary.group(4)) != (long) size[1] * size[2]) {
                throw new IllegalStateException("The pipeline did not load the whole snapshot (exit " + run.exitCode() + "):\n"
                        + run.output());
            }
            double writing = Double.parseDouble(write.group(2));
            // What the database added after Pusher's last answer; warm, a third snapshot's requests may come after the second's commit.
            String afterAnswers = warm ? "n/a" : Bench.fmt((OffsetDateTime.parse(write.group(1), LOG_TIME).toInstant().toEpochMilli()
                    - wallMillis(pusher.lastAnswerNanos())) / 1e3);
            String copy = "n/a";
            String copyOrdered = "n/a";
            String ratio = "n/a";
            if (destination.equals("postgres")) {
                // The target's floor: the rows in the list's order, as the pipeline gets them; beside it, the same rows made in order.
                double copySeconds = copyFloor(schema, pusher.listedChannels(), size[2], users, snapshots);
                double orderedSeconds = copyFloor(schema, BenchPusher.channelsInOrderMade(size[0], size[1]), size[2], users, snapshots);
                dropSchema(schema);
                copy = String.format(Locale.ROOT, "%.3f", copySeconds); // A warm COPY of the CI case takes milliseconds.
                copyOrdered = String.format(Locale.ROOT, "%.3f", orderedSeconds);
                ratio = Bench.fmt(writing / copySeconds);
            }
            double live = run.heapAfterFullGcMb().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            return String.format(Locale.ROOT, "BENCH-SCALE case=%s destination=%s users=%s warm=%s channels=%d presence=%d members=%d"
                            + " latency_ms=%d concurrency=%d requests=%s pipeline_s=%s write_s=%s write_busy_s=%s commit_after_answers_s=%s"
                            + " copy_s=%s copy_ordered_s=%s"
                            + " ratio_write_copy=%s peak_heap_mb=%.0f live_heap_mb=%.0f live_samples=%d xmx=%s",
                    name, destination, users, warm, size[0], size[1], size[2], latency, concurrency, warm ? "n/a" : pusher.requests(),
                    warm ? summary.group(1) : Bench.fmt(run.seconds()),
                    write.group(2), write.group(3), afterAnswers, copy, copyOrdered, ratio, run.peakHeapMb(), live, run.heapAfterFullGcMb().size(),
                    opts.get("xmx"));
        }
    }

    private static double copyFloor(String schema, List<String> channels, int members, boolean memberRows, int loads)
            throws Exception {
        return CopyFloor.run(pgUrl(), env("PUSHER_TEST_PG_USER"), env("PUSHER_TEST_PG_PASSWORD"), schema, channels, members,
                memberRows, loads);
    }

    /** A {@link System#nanoTime()} of this JVM as wall-clock milliseconds, to set beside the jar's log times. */
    private static long wallMillis(long nanos) {
        return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void dropSchema(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(pgUrl(), env("PUSHER_TEST_PG_USER"), env("PUSHER_TEST_PG_PASSWORD"));
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static String pgUrl() {
        return env("PUSHER_TEST_PG_URL");
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalArgumentException("The postgres destination needs " + name + ": run under .ci/with-postgres");
        }
        return value;
    }
}
