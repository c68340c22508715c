package io.pusherpipeline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PUSHER_"));
        pb.environment().putAll(env);
        try {
            Path log = Files.createTempFile(workDir, "run-", ".log");
            pb.redirectOutput(log.toFile());
            Process process = pb.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the jar did not exit within 120 s:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A jar running in the background, until stopped ({@code SIGTERM}) or killed ({@code SIGKILL}). */
    public static final class Running {
        private final Process process;
        private final Path log;

        Running(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGTERM, then waits for the exit (at most 40 s); returns the exit code. */
        public int stop() {
            process.destroy();
            return awaitExit();
        }

        /** SIGKILL: no shutdown of any kind, as a crash or an OOM killer does. */
        public int kill() {
            process.destroyForcibly();
            return awaitExit();
        }

        private int awaitExit() {
            try {
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the jar did not stop within 40 s:\n" + output());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Starts the jar and returns at once; the caller stops it. */
    public static Running start(Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PUSHER_"));
        pb.environment().putAll(env);
        try {
            Path log = Files.createTempFile(workDir, "run-", ".log");
            pb.redirectOutput(log.toFile());
            return new Running(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
