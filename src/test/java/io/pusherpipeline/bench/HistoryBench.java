package io.pusherpipeline.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The history case of the benchmark (issue 29: pages of 100 events served at least 2,000 per second),
 * on one database ({@code h2} or {@code postgres}): {@code channel_events} filled ({@link HistoryData}),
 * the jar with {@code pusher.webhooks.enabled=true} on it, a closed loop of {@code --history-clients}
 * ({@link HistoryLoad}) against its history API; then, the jar stopped, the same loop against the
 * floors ({@link HistoryFloor}): the JDBC pages alone, and the same pages served by the JDK's HTTP
 * server. Each for a warm-up, then {@code --history-duration}. Every answer is checked.
 */
final class HistoryBench {

    private static final String PATH = "/pusher/history";
    private static final int LIMIT = 100;

    private HistoryBench() {
    }

    /** Prints a BENCH-HISTORY line per target and returns the BENCH line ({@code check=PASS} or {@code check=FAIL}). */
    static String run(String database, Path jar, Path work, Map<String, String> opts) throws Exception {
        Path dir = work.resolve("history-" + database + "-" + System.currentTimeMillis());
        String schema = "bench_history_" + System.currentTimeMillis();
        String url;
        String user = "";
        String password = "";
        if (database.equals("h2")) {
            url = "jdbc:h2:file:" + dir.resolve("pipeline/data/pusher") + ";AUTO_SERVER=TRUE";
        } else if (database.equals("postgres") && System.getenv("PUSHER_TEST_PG_URL") != null) {
            url = System.getenv("PUSHER_TEST_PG_URL");
            user = System.getenv("PUSHER_TEST_PG_USER");
            password = System.getenv("PUSHER_TEST_PG_PASSWORD");
        } else {
            throw new IllegalArgumentException("--history takes h2 and postgres; postgres needs PUSHER_TEST_PG_URL, _USER and"
                    + " _PASSWORD (.ci/with-postgres bench/run.sh --history postgres)");
        }
        HistoryData data = new HistoryData(Integer.parseInt(opts.get("history-channels")), Integer.parseInt(opts.get("history-events")));
        int clients = Integer.parseInt(opts.get("history-clients"));
        double seconds = Bench.seconds(opts.get("history-duration"));
        double warmup = Bench.seconds(opts.get("history-warmup"));
        double fillS = data.fill(url, user, password, schema);
        String loadBefore = Bench.loadAverage();
        System.out.printf(Locale.ROOT, "BENCH-HISTORY-INFO database=%s channels=%d events_per_channel=%d rows=%d fill_s=%.1f"
                        + " clients=%d limit=%d private_page_share=0.1 warmup_s=%.0f duration_s=%.0f load_avg=%s%n", database,
                data.channels, data.events, (long) data.channels * data.events, fillS, clients, LIMIT, warmup, seconds, loadBefore);
        HistoryLoad load = new HistoryLoad(data, clients, LIMIT);
        HttpClient client = HistoryLoad.client();
        HistoryLoad.Result pipeline;
        try (BenchPusher pusher = new BenchPusher(100, 20, 3, 5)) {
            int port = Bench.freePort();
            Map<String, String> env = new HashMap<>(pusher.env(4));
            env.putAll(Map.of("PUSHER_WEBHOOKS_ENABLED", "true", "PUSHER_WEBHOOKS_PORT", Integer.toString(port),
                    "PUSHER_SNAPSHOT_PERIOD", "1h", "PUSHER_JDBC_URL", url, "PUSHER_JDBC_USER", user,
                    "PUSHER_JDBC_PASSWORD", password, "PUSHER_JDBC_SCHEMA", schema));
            Process process = PipelineRun.start(jar, dir.resolve("pipeline"), env, Bench.jvmOptions(opts));
            try {
                HistoryLoad.Target target = HistoryLoad.http(client, "http://127.0.0.1:" + port + PATH);
                awaitServed(target, process, dir.resolve("pipeline/pipeline.log"));
                pipeline = load.run("pipeline", target, warmup, seconds, process.pid());
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
        System.out.println(pipeline.line(database));
        HistoryLoad.Result jdbc;
        HistoryLoad.Result http;
        try (HistoryFloor floor = new HistoryFloor(url, user, password, schema)) {
            jdbc = load.run("floor-jdbc", floor.jdbc(), warmup, seconds);
            System.out.println(jdbc.line(database));
            int port = floor.serve(PATH, clients);
            http = load.run("floor-http", HistoryLoad.http(client, "http://127.0.0.1:" + port + PATH), warmup, seconds);
            System.out.println(http.line(database));
        }
        // The jar's CPU per page, beside the floor server's: the bench JVM's CPU per page serving and asking (floor-http)
        // less what asking alone took (pipeline run). Less swayed than pages/s by what else runs on the machine.
        double jarCpu = pipeline.perPage(pipeline.serverCpuS());
        double floorCpu = http.perPage(http.benchCpuS()) - pipeline.perPage(pipeline.benchCpuS());
        long mismatches = pipeline.mismatches() + jdbc.mismatches() + http.mismatches();
        for (HistoryLoad.Result r : new HistoryLoad.Result[] {pipeline, jdbc, http}) {
            r.examples().forEach(e -> System.out.println("BENCH-HISTORY-MISMATCH target=" + r.name() + " " + e));
        }
        return String.format(Locale.ROOT, "BENCH case=history-%s channels=%d events_per_channel=%d clients=%d limit=%d"
                        + " duration_s=%.0f pages=%d private_pages=%d pages_per_s=%.0f p50_ms=%.2f p99_ms=%.2f"
                        + " floor_pages_per_s=%.0f floor_p50_ms=%.2f floor_p99_ms=%.2f ratio=%s"
                        + " jdbc_floor_pages_per_s=%.0f jdbc_floor_p50_ms=%.2f jdbc_floor_p99_ms=%.2f ratio_jdbc=%s"
                        + " cpu_ms_per_page=%.3f floor_cpu_ms_per_page=%.3f cpu_ratio=%s"
                        + " mismatches=%d floor_mismatches=%d check=%s load_avg=%s..%s xmx=%s",
                database, data.channels, data.events, clients, LIMIT, seconds, pipeline.pages(), pipeline.privatePages(),
                pipeline.pagesPerS(), pipeline.p50Ms(), pipeline.p99Ms(), http.pagesPerS(), http.p50Ms(), http.p99Ms(),
                Bench.fmt(pipeline.pagesPerS() / http.pagesPerS()), jdbc.pagesPerS(), jdbc.p50Ms(), jdbc.p99Ms(),
                Bench.fmt(pipeline.pagesPerS() / jdbc.pagesPerS()), jarCpu, floorCpu, floorCpu <= 0 ? "n/a" : Bench.fmt(jarCpu / floorCpu),
                pipeline.mismatches(), jdbc.mismatches() + http.mismatches(),
                mismatches == 0 && pipeline.pages() > 0 ? "PASS" : "FAIL", loadBefore, Bench.loadAverage(), opts.get("xmx"));
    }

    /** Until the jar answers a public channel's first page. */
    private static void awaitServed(HistoryLoad.Target target, Process process, Path log) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the pipeline exited with " + process.exitValue() + ": see " + log);
            }
            return target.read(HistoryData.channel(1), 0, 1).status() == 200;
        });
    }
}
