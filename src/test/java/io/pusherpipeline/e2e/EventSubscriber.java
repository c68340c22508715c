package io.pusherpipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real subscriber on a {@link Soketi}: runs {@code node e2e/event-subscriber.js}, one pusher-js
 * connection on the given channels, and keeps every event it receives.
 */
public final class EventSubscriber implements AutoCloseable {

    /** One event as the subscriber got it; data as pusher-js gives it (JSON text parsed). */
    public record Received(String channel, String event, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final List<Received> received = new ArrayList<>();
    private final List<String> transcript = new ArrayList<>();
    private final List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String error;

    private EventSubscriber(Process process) {
        this.process = process;
        Thread out = new Thread(() -> read(process.getInputStream(), true), "event-subscriber-out");
        Thread err = new Thread(() -> read(process.getErrorStream(), false), "event-subscriber-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Subscribes to the channels and returns once every subscription succeeded (at most 30 s). */
    public static EventSubscriber subscribe(Soketi soketi, List<String> channels) {
        return subscribe(soketi, channels, java.util.Map.of());
    }

    /**
     * As {@link #subscribe(Soketi, List)} with more of event-subscriber.js's environment:
     * PUSHER_ENCRYPTION_MASTER_KEY (encrypted channels), SUBSCRIBER_SIGNIN_AS (a user to sign in as).
     */
    public static EventSubscriber subscribe(Soketi soketi, List<String> channels, java.util.Map<String, String> moreEnv) {
        Path baseDir = Soketi.baseDir();
        if (!Files.isDirectory(baseDir.resolve("e2e/node_modules/pusher-js"))) {
            throw new IllegalStateException("pusher-js is not installed: run `npm ci --prefix e2e` in " + baseDir + " first");
        }
        List<String> command = new ArrayList<>(List.of("node", baseDir.resolve("e2e/event-subscriber.js").toString()));
        command.addAll(channels);
        ProcessBuilder pb = new ProcessBuilder(command).directory(baseDir.resolve("e2e").toFile());
        pb.environment().put("PUSHER_HOST", soketi.host());
        pb.environment().put("PUSHER_PORT", Integer.toString(soketi.port()));
        pb.environment().put("PUSHER_APP_ID", soketi.appId());
        pb.environment().put("PUSHER_APP_KEY", soketi.appKey());
        pb.environment().put("PUSHER_APP_SECRET", soketi.appSecret());
        pb.environment().putAll(moreEnv);
        EventSubscriber subscriber;
        try {
            subscriber = new EventSubscriber(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js on the PATH?)", e);
        }
        try {
            if (!subscriber.ready.await(READY_DEADLINE.toSeconds(), TimeUnit.SECONDS) || subscriber.error != null) {
                throw new IllegalStateException("event-subscriber.js not ready: " + subscriber.transcript());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
        return subscriber;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until {@code count} received events match (at most {@code deadline}). */
    public void await(String what, Predicate<Received> match, int count, Duration deadline) {
        try {
            Awaitility.await(what).atMost(deadline).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (received().stream().filter(match).count() >= count) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("subscriber exited before " + what + "; transcript tail:\n" + transcript());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("subscriber did not get " + what + " within " + deadline.toSeconds() + " s; got "
                    + received().size() + " events; transcript tail:\n" + transcript(), e);
        }
    }

    /** The connection's states after READY, in order ("disconnected", "connecting", ...). */
    public List<String> states() {
        return List.copyOf(states);
    }

    public String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript.subList(Math.max(0, transcript.size() - 30), transcript.size()));
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                Soketi.destroyTree(process, Duration.ofSeconds(2));
            }
        } catch (IOException ignored) {
            // already gone
        } catch (InterruptedException e) {
            Soketi.destroyTree(process, Duration.ofSeconds(1));
            Thread.currentThread().interrupt();
        }
    }

    private void read(java.io.InputStream stream, boolean events) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (transcript) {
                    transcript.add((events ? "out: " : "err: ") + line);
                }
                if (!events) {
                    continue;
                }
                if (line.equals("READY")) {
                    ready.countDown();
                } else if (line.startsWith("STATE ")) {
                    states.add(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("ERROR")) {
                    error = line;
                    ready.countDown();
                } else if (line.startsWith("{")) {
                    JsonNode node = JSON.readTree(line);
                    synchronized (received) {
                        received.add(new Received(node.get("channel").asText(), node.get("event").asText(), node.get("data")));
                    }
                }
            }
        } catch (IOException e) {
            synchronized (transcript) {
                transcript.add("(read failed: " + e + ")");
            }
        }
    }
}
