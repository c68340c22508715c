package io.pusherpipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The pipeline as a user runs it: a child {@code java -jar pusher-pipeline.jar} in a folder of
 * its own (H2 by default), timed from before the fork to its exit, its heap read from its GC log.
 */
final class PipelineRun {

    /** What one child run left. */
    record Result(int exitCode, long startNanos, long endNanos, double seconds, double peakHeapMb, List<Double> heapAfterFullGcMb, String output) {
    }

    // [0.512s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 5.1ms
    private static final Pattern GC = Pattern.compile("GC\\(\\d+\\) (Pause [^\\d]*?)\\s(\\d+)M->(\\d+)M\\(\\d+M\\)");
    // garbage-first heap   total 262144K, used 123456K [...]  (logged at exit by gc+heap+exit)
    private static final Pattern EXIT_HEAP = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    static final Pattern LOADED = Pattern.compile("Snapshot \\S+ of app \\S+ loaded in");

    private PipelineRun() {
    }

    /**
     * Starts the jar in {@code workDir} with only {@code env}'s PUSHER_* variables; its output goes
     * to pipeline.log there and its GC log to gc.log.
     */
    static Process start(Path jar, Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-Xlog:gc,gc+heap+exit:file=" + workDir.resolve("gc.log"));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("pipeline.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PUSHER_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** A full GC in {@code process} (jcmd GC.run), so that its GC log then shows the heap still in use. */
    static void fullGc(Process process) throws IOException, InterruptedException {
        new ProcessBuilder("jcmd", Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** The heap left after each full GC so far, in MB, from a GC log. */
    static List<Double> heapAfterFullGcMb(Path gcLog) throws IOException {
        List<Double> afterFull = new ArrayList<>();
        Matcher m = GC.matcher(Files.exists(gcLog) ? Files.readString(gcLog, StandardCharsets.UTF_8) : "");
        while (m.find()) {
            if (m.group(1).startsWith("Pause Full")) {
                afterFull.add(Double.parseDouble(m.group(3)));
            }
        }
        return afterFull;
    }

    static Result run(Path jar, Path workDir, Map<String, String> env, List<String> jvmOptions, String... args) {
        return run(jar, workDir, env, jvmOptions, 0, null, args);
    }

    /**
     * Runs the jar; with {@code snapshots > 0} (the long-running mode) it forces a full GC after each
     * loaded snapshot (jcmd GC.run, then {@code onSnapshot}) and stops the process after that many.
     */
    static Result run(Path jar, Path workDir, Map<String, String> env, List<String> jvmOptions,
                      int snapshots, IntConsumer onSnapshot, String... args) {
        try {
            Path gcLog = workDir.resolve("gc.log");
            Path out = workDir.resolve("pipeline.log");
            long start = System.nanoTime();
            Process process = start(jar, workDir, env, jvmOptions, args);
            for (int seen = 1; seen <= snapshots; seen++) {
                long loaded = seen;
                Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).until(() -> !process.isAlive()
                        || Files.readString(out).contains(" failed after ") || LOADED.matcher(Files.readString(out)).results().count() >= loaded);
                if (!process.isAlive() || Files.readString(out).contains(" failed after ")) {
                    break; // A failed snapshot ends the soak; the caller reports what came.
                }
                fullGc(process);
                onSnapshot.accept(seen);
            }
            if (snapshots > 0) {
                process.destroy();
            }
            return finish(process, start, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the jar to its exit with a full GC forced every {@code every} meanwhile (jcmd GC.run):
     * the most any of them left is the heap the run really held, which G1's peaks overstate.
     */
    static Result runSampled(Path jar, Path workDir, Map<String, String> env, List<String> jvmOptions, Duration every,
                             String... args) {
        try {
            long start = System.nanoTime();
            Process process = start(jar, workDir, env, jvmOptions, args);
            while (!process.waitFor(every.toMillis(), TimeUnit.MILLISECONDS)) {
                fullGc(process);
            }
            return finish(process, start, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result finish(Process process, long start, Path workDir) throws IOException, InterruptedException {
        Path gcLog = workDir.resolve("gc.log");
        Path out = workDir.resolve("pipeline.log");
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the pipeline did not exit in 30 minutes: " + out);
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        String log = Files.exists(gcLog) ? Files.readString(gcLog, StandardCharsets.UTF_8) : "";
        double peak = 0;
        Matcher m = GC.matcher(log);
        while (m.find()) {
            peak = Math.max(peak, Double.parseDouble(m.group(2)));
        }
        List<Double> afterFull = heapAfterFullGcMb(gcLog);
        Matcher exit = EXIT_HEAP.matcher(log);
        while (exit.find()) {
            peak = Math.max(peak, Double.parseDouble(exit.group(1)) / 1024);
        }
        return new Result(process.exitValue(), start, end, seconds, peak, afterFull, Files.readString(out, StandardCharsets.UTF_8));
    }
}
