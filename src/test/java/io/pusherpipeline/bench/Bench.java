package io.pusherpipeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark behind {@code bench/run.sh}: per case, a simulated Pusher in this process, then
 * the pipeline jar as a child process ({@code --once}, whole-process time), the floor and the naive
 * baseline against the same server; one {@code BENCH ...} line per case. {@code --soak N} runs the
 * long-running mode for N snapshots and prints the heap after a full GC after each one.
 *
 * <pre>
 * --case NAME[:CHANNELS:PRESENCE:MEMBERS]  repeatable; presets: target (10000:2000:20), ci (100:20:3),
 *                                          scale-1k, scale-10k, scale-100k, scale-1m (a fifth presence x 5)
 * --scale CASE,CASE --destinations h2,postgres  the scaling series instead (ScaleBench): one run per case
 *                   and destination, live heap, write phase, PostgreSQL's COPY of the same rows;
 *                   --scale-users false: no members (one or two requests: the write path alone);
 *                   --scale-warm true: the long-running mode's second snapshot against a second COPY
 * --latency-ms 50 --concurrency 8 --xmx 256m --naive-max-channels 10000
 * --soak N (0: none) --soak-case target --soak-latency-ms 5
 * --repeat N        N pairs of pipeline and floor per case; the line reports the median pair
 * --pace true      also the requests that reached the server in each second, pipeline and floor
 * --serve CASE      only the simulated Pusher of CASE, until killed (to profile the jar by hand):
 *                   prints the PUSHER_* settings that point the jar at it
 * --jvm-opts "..."  more options for the pipeline's JVM (to measure JVM flags)
 * --cds true        class-data sharing: an untimed training run makes the archive, timed runs use it
 * --compare OTHER.jar  instead of the floor: OTHER (beside its own lib/) and --jar run in turn,
 *                   --repeat times each, the order reversed every other pair; one BENCH-COMPARE
 *                   line with both medians and the median of the paired differences
 * --jar target/pusher-pipeline.jar --work target/bench
 * --webhooks h2,postgres  the webhook case on each database (WebhookBench; postgres via .ci/with-postgres):
 *                   --webhook-rates 2500,5000,10000,15000,20000 (events/s, --webhook-step-s 10 each; "" for none),
 *                   then --duration 300s at --webhook-rate 10000 (per minute; per 10 s under 2 minutes), then the
 *                   floor for --webhook-floor-duration (default: --duration); --webhook-in-flight 64;
 *                   --webhook-order in-order|shuffled|retried|two-receivers (WebhookOrder; a comma list runs each
 *                   in turn); --webhook-channels (default 2000 in-order, 1000 for the others).
 *                   Exits 1 when a run's stored sessions or events differ from the load's (BENCH-WEBHOOK-CHECK FAIL).
 * --history h2,postgres  the history API's case on each database (HistoryBench, issue 29; postgres via .ci/with-postgres):
 *                   channel_events filled with --history-channels 1000 x --history-events 1000 (every tenth channel
 *                   private), the jar's API read by --history-clients 32 in a closed loop (pages of 100 after a random
 *                   cursor) for --history-warmup 10s (the JIT), then --history-duration 30s; then the same against the floors
 *                   (JDBC pages, and those pages served by the JDK's HTTP server). Every answer is checked; exits 1
 *                   on any mismatch (BENCH-HISTORY-CHECK FAIL).
 * --archive postgres,h2  the websocket archiver against soketi (ArchiveBench, issue 29; postgres via .ci/with-postgres):
 *                   one floor client occupies --archive-channels (1000) channels, the jar archives them; signed
 *                   batch_events (10 events each) open-loop: --archive-rates 1000,2500,5000,7500,10000 ("" for none),
 *                   --archive-step-s 5 each, then --archive-rate 5000 for --archive-duration 60s; rows read every
 *                   --archive-poll-ms 100 (latency: first read minus send time). Exits 1 unless every event of an
 *                   answered request is stored exactly once (BENCH-ARCHIVE-CHECK FAIL).
 * </pre>
 */
public final class Bench {

    private static final Map<String, int[]> PRESETS = Map.of(
            "ci", new int[] {100, 20, 3},
            "target", new int[] {10_000, 2_000, 20},
            "scale-1k", new int[] {1_000, 200, 5},
            "scale-10k", new int[] {10_000, 2_000, 5},
            "scale-100k", new int[] {100_000, 20_000, 5},
            "scale-1m", new int[] {1_000_000, 200_000, 5});

    private static final Pattern SUMMARY = Pattern.compile(
            "loaded in [\\d.]+ s: (\\d+) channels \\((\\d+) presence, (\\d+) members\\), (\\d+) requests");

    private static boolean warmed;

    private Bench() {
    }

    /** Every option and its default (the javadoc above); a mutable copy. */
    static Map<String, String> defaults() {
        Map<String, String> opts = new HashMap<>(Map.of("latency-ms", "50", "concurrency", "8", "xmx", "256m",
                "naive-max-channels", "10000", "soak", "0", "soak-case", "target", "soak-latency-ms", "5",
                "jvm-opts", "", "jar", "target/pusher-pipeline.jar", "work", "target/bench"));
        opts.putAll(Map.of("serve", "", "pace", "false", "repeat", "1", "cds", "false", "compare", ""));
        opts.putAll(Map.of("scale", "", "destinations", "h2", "scale-users", "true", "scale-warm", "false"));
        opts.putAll(Map.of("webhooks", "", "duration", "300s", "webhook-rates", "2500,5000,10000,15000,20000",
                "webhook-step-s", "10", "webhook-rate", "10000", "webhook-channels", "", "webhook-in-flight", "64",
                "webhook-order", "in-order", "webhook-floor-duration", ""));
        opts.putAll(Map.of("history", "", "history-channels", "1000", "history-events", "1000", "history-clients", "32",
                "history-duration", "30s", "history-warmup", "10s"));
        opts.putAll(Map.of("archive", "", "archive-channels", "1000", "archive-rate", "5000",
                "archive-rates", "1000,2500,5000,7500,10000", "archive-step-s", "5", "archive-duration", "60s",
                "archive-poll-ms", "100"));
        return opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = defaults();
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            if (i + 1 >= args.length || !opts.containsKey(key) && !key.equals("case")) {
                throw new IllegalArgumentException("Unknown or incomplete option " + args[i] + "; see Bench's javadoc");
            }
            if (key.equals("case")) {
                cases.add(args[++i]);
            } else {
                opts.put(key, args[++i]);
            }
        }
        if (!opts.get("serve").isEmpty()) {
            serve(opts);
            return;
        }
        List<String> webhookDatabases = opts.get("webhooks").isEmpty() ? List.of() : List.of(opts.get("webhooks").split(","));
        // Checked before anything runs: a misspelt order fails at once, not after the first database's run.
        List<WebhookOrder> webhookOrders = WebhookOrder.parseList(opts.get("webhook-order"));
        List<String> scale = opts.get("scale").isEmpty() ? List.of() : List.of(opts.get("scale").split(","));
        List<String> historyDatabases = opts.get("history").isEmpty() ? List.of() : List.of(opts.get("history").split(","));
        List<String> archiveDatabases = opts.get("archive").isEmpty() ? List.of() : List.of(opts.get("archive").split(","));
        if (cases.isEmpty() && Integer.parseInt(opts.get("soak")) == 0 && webhookDatabases.isEmpty() && scale.isEmpty()
                && historyDatabases.isEmpty() && archiveDatabases.isEmpty()) {
            cases.add("target");
        }
        Path jar = existingJar(opts.get("jar"));
        Path work = Path.of(opts.get("work")).toAbsolutePath();
        Files.createDirectories(work);
        Files.deleteIfExists(cdsArchive(work));
        System.out.printf("BENCH-INFO cores=%d java=%s load_avg=%s jvm_opts=\"%s\" cds=%s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage(), opts.get("jvm-opts"), opts.get("cds"));
        for (String spec : cases) {
            System.out.println(opts.get("compare").isEmpty() ? runCase(spec, jar, work, opts)
                    : compareCase(spec, jar, existingJar(opts.get("compare")), work, opts));
        }
        for (String spec : scale) {
            for (String destination : opts.get("destinations").split(",")) {
                System.out.println(ScaleBench.run(spec.strip(), destination.strip(), jar, work, opts));
            }
        }
        boolean webhookCheckFailed = false;
        for (String database : webhookDatabases) {
            for (WebhookOrder order : webhookOrders) {
                String line = WebhookBench.run(database.strip(), order, jar, work, opts);
                System.out.println(line);
                webhookCheckFailed |= line.contains(" check=FAIL ");
            }
        }
        boolean historyCheckFailed = false;
        for (String database : historyDatabases) {
            String line = HistoryBench.run(database.strip(), jar, work, opts);
            System.out.println(line);
            historyCheckFailed |= line.contains(" check=FAIL ");
        }
        boolean archiveCheckFailed = false;
        for (String database : archiveDatabases) {
            String line = ArchiveBench.run(database.strip(), jar, work, opts);
            System.out.println(line);
            archiveCheckFailed |= line.contains(" check=FAIL ");
        }
        int soak = Integer.parseInt(opts.get("soak"));
        if (soak > 0) {
            soak(soak, jar, work, opts);
        }
        if (webhookCheckFailed) {
            System.out.println("BENCH-WEBHOOK-CHECK FAIL: the stored sessions or events of a run above differ from the load's"
                    + " (its BENCH-WEBHOOK-CHECK FAIL line shows what differs)");
            System.out.flush();
            System.exit(1);
        }
        if (historyCheckFailed) {
            System.out.println("BENCH-HISTORY-CHECK FAIL: a history run above answered pages that are not what channel_events"
                    + " holds (its BENCH-HISTORY-MISMATCH lines show some)");
            System.out.flush();
            System.exit(1);
        }
        if (archiveCheckFailed) {
            System.out.println("BENCH-ARCHIVE-CHECK FAIL: an archiver run above did not store every published event exactly once");
            System.out.flush();
            System.exit(1);
        }
    }

    /**
     * One pipeline run, checked, and where its time went: before its first request (JVM, Camel,
     * database), between its first request and Pusher's last answer, and from there to its exit.
     */
    private record Run(PipelineRun.Result pipeline, double startup, double requesting, double tail, int requests,
                       int maxInFlight, List<Integer> pace) {

        double seconds() {
            return pipeline.seconds();
        }
    }

    /** One pipeline run and the floor measured right after it, against the same server. */
    private record Pair(Run run, double floor, double floorProcess) {

        PipelineRun.Result pipeline() {
            return run.pipeline();
        }

        double ratio() {
            return run.seconds() / floor;
        }
    }

    /**
     * One case: {@code --repeat} pairs of pipeline and floor (this machine's timings vary by a few
     * tenths of a second from run to run: the line reports the pair of median ratio and the range),
     * then the naive baseline once, all against one server; returns its BENCH line.
     */
    static String runCase(String spec, Path jar, Path work, Map<String, String> opts) throws Exception {
        String name = spec.split(":")[0];
        int[] size = sizeOf(spec);
        long latency = Long.parseLong(opts.get("latency-ms"));
        int concurrency = Integer.parseInt(opts.get("concurrency"));
        int repeat = Integer.parseInt(opts.get("repeat"));
        Path dir = work.resolve(name + "-" + System.currentTimeMillis());
        try (BenchPusher pusher = new BenchPusher(size[0], size[1], size[2], latency)) {
            warmServer(pusher, concurrency);
            if (opts.get("cds").equals("true") && !Files.exists(cdsArchive(work))) {
                // The class-data archive is made once per installed jar, by a run of its own (not timed).
                PipelineRun.run(jar, dir.resolve("cds-training"), pusher.env(concurrency),
                        List.of("-Xmx" + opts.get("xmx"), "-XX:ArchiveClassesAtExit=" + cdsArchive(work)), "--once");
            }
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                pairs.add(measurePair(name, size, pusher, jar, dir.resolve("pipeline-" + (i + 1)), concurrency, opts));
            }
            pairs.sort(java.util.Comparator.comparingDouble(Pair::ratio));
            Pair median = pairs.get(pairs.size() / 2);

            String naive = "skipped";
            String speedup = "n/a";
            if (size[0] <= Integer.parseInt(opts.get("naive-max-channels"))) {
                pusher.forgetRequests();
                double naiveSeconds = Naive.run(pusher.port(), Files.createDirectories(dir.resolve("naive")));
                if (pusher.refusedSignatures() > 0) {
                    throw new IllegalStateException("pusher-http-java's signatures were refused");
                }
                naive = fmt(naiveSeconds);
                speedup = fmt(naiveSeconds / median.pipeline().seconds());
            }
            return String.format(Locale.ROOT, "BENCH case=%s channels=%d presence=%d members=%d latency_ms=%d concurrency=%d"
                            + " pipeline_s=%s floor_s=%s naive_s=%s ratio_floor=%s ratio_floor_range=%s..%s runs=%d"
                            + " floor_process_s=%s ratio_floor_process=%s"
                            + " speedup_vs_naive=%s requests=%d max_in_flight=%d startup_s=%s requests_s=%s tail_s=%s"
                            + " peak_heap_mb=%.0f xmx=%s",
                    name, size[0], size[1], size[2], latency, concurrency, fmt(median.pipeline().seconds()), fmt(median.floor()),
                    naive, fmt(median.ratio()), fmt(pairs.get(0).ratio()), fmt(pairs.get(pairs.size() - 1).ratio()), repeat,
                    fmt(median.floorProcess()), fmt(median.pipeline().seconds() / median.floorProcess()), speedup,
                    median.run().requests(), median.run().maxInFlight(), fmt(median.run().startup()),
                    fmt(median.run().requesting()), fmt(median.run().tail()),
                    pairs.stream().mapToDouble(p -> p.pipeline().peakHeapMb()).max().orElse(0), opts.get("xmx"));
        }
    }

    /**
     * Two builds of the pipeline against one server, in turn: {@code jar} (a) and {@code other}
     * (b), --repeat runs each, b first in every other pair (on a busy or drifting machine the
     * second run of a pair tends to differ). Single series here swing by more than most changes,
     * so the line's verdict is the median of the paired differences b - a and their range.
     */
    static String compareCase(String spec, Path jar, Path other, Path work, Map<String, String> opts) throws Exception {
        String name = spec.split(":")[0];
        int[] size = sizeOf(spec);
        int concurrency = Integer.parseInt(opts.get("concurrency"));
        int repeat = Integer.parseInt(opts.get("repeat"));
        Path dir = work.resolve(name + "-compare-" + System.currentTimeMillis());
        List<Run> a = new ArrayList<>();
        List<Run> b = new ArrayList<>();
        try (BenchPusher pusher = new BenchPusher(size[0], size[1], size[2], Long.parseLong(opts.get("latency-ms")))) {
            warmServer(pusher, concurrency);
            for (int i = 0; i < repeat; i++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean runA = (turn == 0) == (i % 2 == 0);
                    Path runDir = dir.resolve((runA ? "a-" : "b-") + (i + 1));
                    (runA ? a : b).add(measureRun(size, pusher, runA ? jar : other, runDir, concurrency, opts));
                }
            }
        }
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            differences.add(b.get(i).seconds() - a.get(i).seconds());
        }
        differences.sort(null);
        return String.format(Locale.ROOT, "BENCH-COMPARE case=%s channels=%d presence=%d members=%d latency_ms=%s"
                        + " concurrency=%d runs=%d a_pipeline_s=%s b_pipeline_s=%s b_minus_a_s=%s b_minus_a_range=%s..%s"
                        + " a_startup_s=%s b_startup_s=%s a_requests_s=%s b_requests_s=%s a_tail_s=%s b_tail_s=%s a=%s b=%s",
                name, size[0], size[1], size[2], opts.get("latency-ms"), concurrency, repeat,
                fmt(median(a, Run::seconds)), fmt(median(b, Run::seconds)), fmt(differences.get(repeat / 2)),
                fmt(differences.get(0)), fmt(differences.get(repeat - 1)),
                fmt(median(a, Run::startup)), fmt(median(b, Run::startup)), fmt(median(a, Run::requesting)),
                fmt(median(b, Run::requesting)), fmt(median(a, Run::tail)), fmt(median(b, Run::tail)), jar, other);
    }

    /**
     * One discarded pass warms this JVM (server and client) once, so that the first pipeline run
     * does not pay for a cold server that later runs and the floor would not.
     */
    private static void warmServer(BenchPusher pusher, int concurrency) throws Exception {
        if (!warmed) {
            Floor.run(pusher.port(), concurrency, new AtomicLong());
            warmed = true;
        }
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        return runs.stream().mapToDouble(value).sorted().toArray()[runs.size() / 2];
    }

    private static Pair measurePair(String name, int[] size, BenchPusher pusher, Path jar, Path dir, int concurrency,
                                    Map<String, String> opts) throws Exception {
        Run run = measureRun(size, pusher, jar, dir, concurrency, opts);
        long expectedMembers = members(size);
        pusher.forgetRequests();
        AtomicLong floorMembers = new AtomicLong();
        double floor = Floor.run(pusher.port(), concurrency, floorMembers);
        if (floorMembers.get() != expectedMembers || pusher.refusedSignatures() > 0) {
            throw new IllegalStateException("The floor read " + floorMembers.get() + " members, expected " + expectedMembers);
        }
        List<Integer> floorPace = pusher.requestsPerSecond();
        double floorProcess = floorProcess(pusher, concurrency, expectedMembers, opts);
        if (Boolean.parseBoolean(opts.get("pace"))) {
            System.out.println("BENCH-PACE case=" + name + " pipeline_requests_per_s=" + run.pace());
            System.out.println("BENCH-PACE case=" + name + " floor_requests_per_s=" + floorPace);
        }
        return new Pair(run, floor, floorProcess);
    }

    /** One {@code --once} run of {@code jar}, failed unless it loaded the whole snapshot with valid signatures. */
    private static Run measureRun(int[] size, BenchPusher pusher, Path jar, Path dir, int concurrency,
                                  Map<String, String> opts) throws Exception {
        pusher.forgetRequests();
        PipelineRun.Result pipeline = PipelineRun.run(jar, dir, pusher.env(concurrency), jvmOptions(opts), "--once");
        Matcher summary = SUMMARY.matcher(pipeline.output());
        if (pipeline.exitCode() != 0 || !summary.find() || pusher.refusedSignatures() > 0) {
            throw new IllegalStateException("The pipeline did not load the snapshot (exit " + pipeline.exitCode()
                    + ", refused signatures " + pusher.refusedSignatures() + "):\n" + pipeline.output());
        }
        if (Integer.parseInt(summary.group(1)) != size[0] || Long.parseLong(summary.group(3)) != members(size)) {
            throw new IllegalStateException("The pipeline's snapshot is incomplete: " + summary.group());
        }
        return new Run(pipeline, (pusher.firstRequestNanos() - pipeline.startNanos()) / 1e9,
                (pusher.lastAnswerNanos() - pusher.firstRequestNanos()) / 1e9,
                (pipeline.endNanos() - pusher.lastAnswerNanos()) / 1e9, pusher.requests(), pusher.maxInFlight(),
                pusher.requestsPerSecond());
    }

    /** All presence members of a case: what the pipeline and the floor must each read. */
    private static long members(int[] size) {
        return (long) size[1] * size[2];
    }

    private static Path existingJar(String path) {
        Path jar = Path.of(path).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B package -DskipTests)");
        }
        return jar;
    }

    /**
     * The floor's code in a fresh JVM of its own (same -Xmx as the pipeline), timed from fork to
     * exit: what any Java program pays to start, for context beside the target's warm floor.
     */
    private static double floorProcess(BenchPusher pusher, int concurrency, long expectedMembers,
                                       Map<String, String> opts) throws Exception {
        pusher.forgetRequests();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + opts.get("xmx"), "-cp", System.getProperty("java.class.path"), Floor.class.getName(),
                Integer.toString(pusher.port()), Integer.toString(concurrency));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0 || !output.contains("members=" + expectedMembers) || pusher.refusedSignatures() > 0) {
            throw new IllegalStateException("The floor as a process failed (exit " + exit + "):\n" + output);
        }
        return seconds;
    }

    /** The long-running mode for {@code snapshots} snapshots; heap after a full GC after each. */
    static void soak(int snapshots, Path jar, Path work, Map<String, String> opts) {
        String spec = opts.get("soak-case");
        int[] size = sizeOf(spec);
        long latency = Long.parseLong(opts.get("soak-latency-ms"));
        int concurrency = Integer.parseInt(opts.get("concurrency"));
        try (BenchPusher pusher = new BenchPusher(size[0], size[1], size[2], latency)) {
            Map<String, String> env = pusher.env(concurrency);
            env.put("PUSHER_SNAPSHOT_PERIOD", "1s");
            List<Double> heap = new ArrayList<>();
            PipelineRun.Result run = PipelineRun.run(jar, work.resolve("soak-" + System.currentTimeMillis()), env,
                    jvmOptions(opts), snapshots, n -> { }, new String[0]);
            heap.addAll(run.heapAfterFullGcMb());
            int loaded = (int) Pattern.compile("Snapshot \\S+ of app \\S+ loaded in").matcher(run.output()).results().count();
            for (int i = 0; i < heap.size(); i++) {
                System.out.printf(Locale.ROOT, "BENCH-SOAK snapshot=%d heap_after_full_gc_mb=%.0f%n", i + 1, heap.get(i));
            }
            if (heap.size() < snapshots) {
                throw new IllegalStateException("Only " + heap.size() + " of " + snapshots + " snapshots measured:\n" + run.output());
            }
            System.out.printf(Locale.ROOT, "BENCH case=soak channels=%d presence=%d members=%d latency_ms=%d concurrency=%d"
                            + " snapshots=%d loaded=%d heap_after_gc_first_mb=%.0f heap_after_gc_last_mb=%.0f"
                            + " heap_after_gc_max_mb=%.0f peak_heap_mb=%.0f xmx=%s%n",
                    size[0], size[1], size[2], latency, concurrency, snapshots, loaded, heap.get(0), heap.get(heap.size() - 1),
                    heap.stream().mapToDouble(Double::doubleValue).max().orElse(0), run.peakHeapMb(), opts.get("xmx"));
        }
    }

    private static void serve(Map<String, String> opts) throws InterruptedException {
        int[] size = sizeOf(opts.get("serve"));
        try (BenchPusher pusher = new BenchPusher(size[0], size[1], size[2], Long.parseLong(opts.get("latency-ms")))) {
            pusher.env(Integer.parseInt(opts.get("concurrency"))).forEach((k, v) -> System.out.println("export " + k + "=" + v));
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    static int[] sizeOf(String spec) {
        String[] parts = spec.split(":");
        if (parts.length == 4) {
            return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Integer.parseInt(parts[3])};
        }
        int[] preset = PRESETS.get(parts[0]);
        if (preset == null) {
            throw new IllegalArgumentException("Unknown case " + spec + ": one of " + PRESETS.keySet() + " or NAME:CHANNELS:PRESENCE:MEMBERS");
        }
        return preset;
    }

    private static Path cdsArchive(Path work) {
        return work.resolve("pusher-pipeline.jsa");
    }

    static List<String> jvmOptions(Map<String, String> opts) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + opts.get("xmx")));
        if ("true".equals(opts.get("cds"))) {
            options.add("-XX:SharedArchiveFile=" + cdsArchive(Path.of(opts.get("work")).toAbsolutePath()));
        }
        String extra = opts.get("jvm-opts").strip();
        if (!extra.isEmpty()) {
            options.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return options;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A duration option in seconds: {@code 30s}, {@code 5m} or a plain number of seconds. */
    static double seconds(String duration) {
        String d = duration.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith("m")) {
            return Double.parseDouble(d.substring(0, d.length() - 1)) * 60;
        }
        return Double.parseDouble(d.endsWith("s") ? d.substring(0, d.length() - 1) : d);
    }

    /** A free loopback port, for a server the bench starts. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
