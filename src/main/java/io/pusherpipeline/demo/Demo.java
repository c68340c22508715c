package io.pusherpipeline.demo;

import io.pusherpipeline.snapshot.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --demo}: the unchanged routes pointed at a {@link SimulatedPusher} on this machine,
 * three snapshots a few seconds apart into their own H2 file, the simulator's webhooks into the
 * jar's own receiver, the example event files published through the inbox, then a
 * {@link DemoReport} and a {@link DemoEventsReport}.
 */
public final class Demo implements AutoCloseable {

    public static final int SNAPSHOTS = 3;
    public static final String JDBC_URL = "jdbc:h2:file:./data/demo;AUTO_SERVER=TRUE";
    static final Path INBOX = Path.of("data", "demo-events");
    static final List<String> EXAMPLES = List.of("01-order-created.json", "02-lobby.json", "03-invalid.json");
    private static final Duration EVENTS_DEADLINE = Duration.ofSeconds(30);
    private static final Duration WEBHOOKS_DEADLINE = Duration.ofSeconds(10);
    private static final String WEBHOOK_PATH = "/pusher/webhooks";

    private final SimulatedPusher pusher;
    private final int webhookPort;
    private final Instant startedAt = Instant.now();

    private Demo(SimulatedPusher pusher, int webhookPort) {
        this.pusher = pusher;
        this.webhookPort = webhookPort;
    }

    public static Demo start() {
        System.out.println("--demo: a SIMULATED Pusher app on this machine's loopback interface;"
                + " no Pusher account is used and nothing leaves this machine.");
        dropExampleEvents();
        // --demo owns its JVM: the simulator answers without Nagle's delay (PusherApiServer).
        System.setProperty(PusherApiServer.NO_DELAY, "true");
        int webhookPort = freeLoopbackPort();
        return new Demo(SimulatedPusher.start(URI.create("http://127.0.0.1:" + webhookPort + WEBHOOK_PATH)), webhookPort);
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free loopback port for the webhook receiver", e);
        }
    }

    /** The example event files into the demo's own inbox, from ./examples/events or the jar's copy. */
    private static void dropExampleEvents() {
        try {
            Files.createDirectories(INBOX);
            for (String name : EXAMPLES) {
                Path local = Path.of("examples", "events", name);
                try (InputStream in = Files.exists(local) ? Files.newInputStream(local)
                        : Demo.class.getResourceAsStream("/examples/events/" + name)) {
                    // Written under another name and renamed, as the README asks of every writer.
                    Path partial = INBOX.resolve(name + ".part");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, INBOX.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot put the example events in " + INBOX.toAbsolutePath(), e);
        }
    }

    /** Settings that win over every other source: the simulator, its own database, three quick snapshots. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(pusher.settings());
        settings.put("pusher.sink", "jdbc");
        settings.put("pusher.jdbc.url", JDBC_URL);
        settings.put("pusher.jdbc.user", "");
        settings.put("pusher.jdbc.password", "");
        settings.put("pusher.jdbc.schema", "pusher_data");
        settings.put("pusher.snapshot.period", "2s");
        settings.put("pusher.snapshot.repeat-count", Integer.toString(SNAPSHOTS));
        settings.put("pusher.snapshot.filter-by-prefix", "");
        settings.put("pusher.snapshot.users", "true");
        settings.put("pusher.snapshot.subscription-count", "false");
        settings.put("pusher.events.dir", INBOX.toString());
        // The simulator's webhooks go to the jar's own receiver, which listens on loopback only.
        settings.put("pusher.webhooks.enabled", "true");
        settings.put("pusher.webhooks.port", Integer.toString(webhookPort));
        settings.put("pusher.webhooks.path", WEBHOOK_PATH);
        settings.put("pusher.webhooks.max-body", "1MB");
        settings.put("camel.server.host", "127.0.0.1");
        return settings;
    }

    public void report(List<Snapshot> loaded) {
        awaitEmptyInbox();
        List<String> undelivered = pusher.awaitWebhooks(WEBHOOKS_DEADLINE);
        try {
            new DemoReport(JDBC_URL).print(loaded.stream().map(Snapshot::loadId).toList(), startedAt, System.out);
            new DemoEventsReport(INBOX).print(EXAMPLES, pusher.eventsReceived(), System.out);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot read back what the demo loaded: " + e.getMessage(), e);
        }
        if (!undelivered.isEmpty()) {
            throw new IllegalStateException(undelivered.size() + " simulated webhooks were not accepted by the receiver: " + undelivered);
        }
        if (pusher.refusedSignatures() > 0) {
            throw new IllegalStateException(pusher.refusedSignatures() + " requests failed the simulator's signature check");
        }
    }

    /** The inbox route moves each file out once it has settled; the demo waits, told by the file system, until all are gone. */
    private static void awaitEmptyInbox() {
        Instant deadline = Instant.now().plus(EVENTS_DEADLINE);
        try (WatchService watcher = INBOX.getFileSystem().newWatchService()) {
            INBOX.register(watcher, StandardWatchEventKinds.ENTRY_DELETE);
            while (EXAMPLES.stream().anyMatch(name -> Files.exists(INBOX.resolve(name)))) {
                WatchKey key = watcher.poll(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
                if (key == null) {
                    throw new IllegalStateException("The example events were not all published within "
                            + EVENTS_DEADLINE.toSeconds() + " s; they are still in " + INBOX.toAbsolutePath());
                }
                key.pollEvents();
                key.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot watch " + INBOX.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pusher.close();
    }
}
