package io.pusherpipeline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicas of the built jar sharing one lock folder (pusher.cluster=file), each in a folder of its own
 * with its own webhook and management ports, as several machines would run them.
 */
final class ReplicaFleet implements AutoCloseable {

    /** One replica: its process and its ports. */
    record Replica(int index, JarRun.Running run, int webhookPort, int managementPort) {

        long pid() {
            return run.process().pid();
        }
    }

    private final Path workRoot;
    private final Path lockRoot;
    private final Map<String, String> env;
    private final List<Replica> replicas = new ArrayList<>();

    ReplicaFleet(Path workRoot, Map<String, String> env) {
        this.workRoot = workRoot;
        this.lockRoot = workRoot.resolve("locks");
        this.env = env;
    }

    Path lockRoot() {
        return lockRoot;
    }

    /** Starts a replica with the shared settings, the shared lock folder and ports of its own. */
    Replica start(int webhookPort) {
        try {
            int index = replicas.size() + 1;
            Path dir = Files.createDirectories(workRoot.resolve("replica-" + index));
            int management = freePort();
            Map<String, String> own = new HashMap<>(env);
            own.put("PUSHER_CLUSTER", "file");
            own.put("PUSHER_CLUSTER_FILE_ROOT", lockRoot.toString());
            own.put("PUSHER_WEBHOOKS_ENABLED", "true");
            own.put("PUSHER_WEBHOOKS_PORT", Integer.toString(webhookPort));
            own.put("PUSHER_MANAGEMENT_ENABLED", "true");
            own.put("PUSHER_MANAGEMENT_PORT", Integer.toString(management));
            Replica replica = new Replica(index, JarRun.start(dir, own), webhookPort, management);
            replicas.add(replica);
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings {@code show} needs to read the same database and locks. */
    Map<String, String> showEnvironment() {
        Map<String, String> show = new HashMap<>(env);
        show.put("PUSHER_CLUSTER", "file");
        show.put("PUSHER_CLUSTER_FILE_ROOT", lockRoot.toString());
        return show;
    }

    List<Replica> all() {
        return List.copyOf(replicas);
    }

    /** The replica whose name ({host}-{pid}) the lock's holder file gives, if it is one of these. */
    Optional<Replica> holderOf(String lock) {
        try {
            String name = Files.readAllLines(lockRoot.resolve(lock + ".holder"), StandardCharsets.UTF_8).get(0);
            return replicas.stream().filter(r -> name.endsWith("-" + r.pid())).findFirst();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What every replica printed, for failure messages. */
    String outputs() {
        StringBuilder s = new StringBuilder();
        for (Replica r : replicas) {
            s.append("--- replica ").append(r.index()).append(" (pid ").append(r.pid()).append(") ---\n").append(r.run().output());
        }
        return s.toString();
    }

    @Override
    public void close() {
        for (Replica r : replicas) {
            if (r.run().isAlive()) {
                r.run().stop();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
