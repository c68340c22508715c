package io.pusherpipeline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** The built jar run as a user runs it: {@code java -jar target/pusher-pipeline.jar ...} in a folder of its own. */
public final class JarRun {

    /** What a run left: its exit code and everything it printed. */
    public record Result(int exitCode, String output) {
    }

    private JarRun() {
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/pusher-pipeline.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run after `mvn package`");
        }
        return jar;
    }

    public static Result run(Path workDir, Map<String, String> env, String... args) {
        return run(jar(), workDir, env, args);
    }

    /** Runs {@code jar}, for a copy laid out as a user lays it out (the jar and its lib/ folder). */
    public static Result run(Path jar, Path workDir, Map<String, String> env, String... args) {
        return start(jar, workDir, env, List.of(), args).awaitExit(120);
    }

    /** Starts the jar and returns at once; {@code jvmOptions} go before {@code -jar}. */
    public static Running start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args) {
        return start(jar(), workDir, env, jvmOptions, args);
    }

    public static Running start(Path jar, Path workDir, Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PUSHER_"));
        pb.environment().putAll(env);
        try {
            Path log = Files.createTempFile("pusher-pipeline-run-", ".log");
            pb.redirectOutput(log.toFile());
            return new Running(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar process still running: its output so far, a SIGTERM, its exit. */
    public record Running(Process process, Path log) {

        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the jar has printed {@code text}; fails with its output if it exits or takes longer. */
        public void awaitOutput(String text, int seconds) {
            await("the jar printing \"" + text + "\"", seconds, () -> output().contains(text));
        }

        /** Waits until {@code condition} holds; fails with the jar's output if it exits first or it takes longer. */
        public void await(String what, int seconds, Callable<Boolean> condition) {
            try {
                Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (condition.call()) {
                        return true;
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError("the jar exited before " + what + ":\n" + output());
                    }
                    return false;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; the jar printed:\n" + output(), e);
            }
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGTERM, as Kubernetes and systemd stop a process. */
        public void terminate() {
            process.destroy();
        }

        /** SIGTERM, then waits for the exit (at most 40 s); returns the exit code. */
        public int stop() {
            terminate();
            return awaitExit(40).exitCode();
        }

        /** SIGKILL: no shutdown of any kind, as a crash or an OOM killer does. */
        public int kill() {
            process.destroyForcibly();
            return awaitExit(40).exitCode();
        }

        public Result awaitExit(int seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the jar did not exit within " + seconds + " s:\n" + output());
                }
                return new Result(process.exitValue(), output());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Starts the jar and returns at once; the caller stops it. */
    public static Running start(Path workDir, Map<String, String> env, String... args) {
        return start(workDir, env, List.of(), args);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
