package io.pusherpipeline.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Real channel members on a {@link Soketi}: runs {@code node e2e/presence-members.js}, which holds
 * one pusher-js connection per distinct user id. Pairs are {@code "channel|userId"} (split on the
 * first {@code |}, which no channel name may contain); presence channels get the user as member,
 * private and public channels are just subscribed by that user's connection.
 */
public final class PresenceMembers implements AutoCloseable {

    private static final Duration READY_DEADLINE = Duration.ofSeconds(30);
    private static final Duration LEAVE_DEADLINE = Duration.ofSeconds(15);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private PresenceMembers(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdoutReader = reader(process.getInputStream(), "out", true);
        this.stderrReader = reader(process.getErrorStream(), "err", false);
    }

    /** Subscribes all pairs and returns once every subscription succeeded (at most 30 s). */
    public static PresenceMembers join(Soketi soketi, String appId, String key, String secret,
                                       List<String> channelUserPairs) {
        if (channelUserPairs.isEmpty()) {
            throw new IllegalArgumentException("no channel|userId pairs");
        }
        for (String pair : channelUserPairs) {
            int bar = pair.indexOf('|');
            if (bar <= 0 || bar == pair.length() - 1 || pair.contains("\n")) {
                throw new IllegalArgumentException("not 'channel|userId': " + pair);
            }
        }
        Path baseDir = Soketi.baseDir();
        Path script = baseDir.resolve("e2e/presence-members.js");
        if (!Files.isDirectory(baseDir.resolve("e2e/node_modules/pusher-js"))) {
            throw new IllegalStateException("pusher-js is not installed in " + baseDir.resolve("e2e/node_modules")
                    + ": run `npm ci --prefix e2e` in " + baseDir + " first");
        }
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(script.toString());
        command.addAll(channelUserPairs);
        ProcessBuilder pb = new ProcessBuilder(command).directory(baseDir.resolve("e2e").toFile());
        Map<String, String> env = pb.environment();
        env.put("PUSHER_HOST", soketi.host());
        env.put("PUSHER_PORT", Integer.toString(soketi.port()));
        env.put("PUSHER_APP_ID", appId);
        env.put("PUSHER_APP_KEY", key);
        env.put("PUSHER_APP_SECRET", secret);
        env.put("PRESENCE_READY_TIMEOUT_MS", Long.toString(READY_DEADLINE.toMillis() - 5000));
        PresenceMembers members;
        try {
            members = new PresenceMembers(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js on the PATH?)", e);
        }
        try {
            members.await("READY", READY_DEADLINE, "joining " + channelUserPairs);
            return members;
        } catch (RuntimeException e) {
            members.close();
            throw e;
        }
    }

    /** Unsubscribes the user's connection from the channel; returns once soketi no longer counts it. */
    public synchronized void leave(String channel, String userId) {
        String pair = channel + "|" + userId;
        if (channel.isEmpty() || channel.contains("|") || pair.contains("\n")) {
            throw new IllegalArgumentException("bad channel or user id: " + pair);
        }
        try {
            stdin.write(("leave " + pair + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("presence-members.js no longer reads commands:\n" + transcript(), e);
        }
        await("LEFT " + pair, LEAVE_DEADLINE, "leave " + pair);
    }

    /**
     * Has the user's pusher-js client send a client event ({@code client-...}) with {@code data}, a
     * string, on a channel it is subscribed to; returns once pusher-js has sent it. The channel's
     * app needs client events enabled (soketi: SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES=true).
     * Any text goes, NUL and other control characters too: it travels to the script as JSON.
     */
    public synchronized void trigger(String channel, String userId, String event, String data) {
        String pair = channel + "|" + userId;
        if (channel.isEmpty() || channel.contains("|") || pair.contains("\n") || !event.matches("client-\\S+")) {
            throw new IllegalArgumentException("bad channel, user id or client event name: " + pair + " " + event);
        }
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the data as JSON", e);
        }
        try {
            stdin.write(("trigger " + pair + " " + event + " " + json + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("presence-members.js no longer reads commands:\n" + transcript(), e);
        }
        await("TRIGGERED " + pair + " " + event, LEAVE_DEADLINE, "trigger " + event + " on " + pair);
    }

    /** Everything the script printed so far, stdout and stderr, one prefixed line each. */
    public String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    /** Closes the script's stdin (it disconnects all clients and exits); destroys it after 10 s. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                Soketi.destroyTree(process, Duration.ofSeconds(5));
            }
            stdoutReader.join(2000);
            stderrReader.join(2000);
        } catch (InterruptedException e) {
            Soketi.destroyTree(process, Duration.ofSeconds(1));
            Thread.currentThread().interrupt();
        }
    }

    /** The script's exit code once it has exited (after {@link #close()}), otherwise -1. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private synchronized void await(String expected, Duration deadline, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        try {
            while (true) {
                long left = end - System.nanoTime();
                String line = left <= 0 ? null : stdoutLines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(what + ": no '" + expected + "' from presence-members.js within "
                            + deadline.toSeconds() + " s; its output:\n" + transcript());
                }
                if (line.equals(expected)) {
                    return;
                }
                if (line.startsWith("ERROR")) {
                    process.waitFor(2, TimeUnit.SECONDS); // let stderr catch up if it is exiting
                    throw new IllegalStateException(what + " failed: " + line + "; output of presence-members.js:\n"
                            + transcript());
                }
                if (line.equals(EOF)) {
                    stdoutLines.add(EOF); // later calls fail fast too
                    process.waitFor(2, TimeUnit.SECONDS);
                    throw new IllegalStateException(what + ": presence-members.js exited"
                            + (process.isAlive() ? "" : " with code " + process.exitValue())
                            + " before '" + expected + "'; its output:\n" + transcript());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + expected, e);
        }
    }

    private Thread reader(InputStream stream, String prefix, boolean queue) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (transcript) {
                        transcript.add(prefix + ": " + line);
                    }
                    if (queue) {
                        stdoutLines.add(line);
                    }
                }
            } catch (IOException e) {
                synchronized (transcript) {
                    transcript.add(prefix + ": (read failed: " + e + ")");
                }
            } finally {
                if (queue) {
                    stdoutLines.add(EOF);
                }
            }
        }, "presence-members-" + prefix);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
