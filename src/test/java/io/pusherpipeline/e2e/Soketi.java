package io.pusherpipeline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Pusher-compatible server (soketi, installed by {@code npm ci --prefix e2e}) on two free
 * loopback ports, for end-to-end tests. Its output goes to {@code target/e2e/soketi-PORT.log}.
 *
 * <p>Facts about soketi 1.6.1 that tests must know:
 * <ul>
 *   <li>Its HTTP API answers errors (bad signature 401, unknown app 404, bad request 400) with
 *       HTTP status <b>200</b> and a body {@code {"error":"...","code":401}}: uWebSockets ignores a
 *       status written after a header. Real Pusher sends the real status.</li>
 *   <li>The signature covers the path exactly as sent; channel names are not percent-decoded,
 *       so {@code ;@,=} must be sent raw.</li>
 *   <li>Environment values are JSON-parsed: keep key and secret non-numeric.</li>
 * </ul>
 */
public final class Soketi implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final int metricsPort;
    private final Path logFile;
    private final String appId;
    private final String appKey;
    private final String appSecret;
    private Map<String, String> moreEnv = Map.of();
    private Path config;

    private Soketi(Process process, int port, int metricsPort, Path logFile,
                   String appId, String appKey, String appSecret) {
        this.process = process;
        this.port = port;
        this.metricsPort = metricsPort;
        this.logFile = logFile;
        this.appId = appId;
        this.appKey = appKey;
        this.appSecret = appSecret;
    }

    /** Starts soketi with one app and waits (at most 30 s) until its HTTP API knows that app. */
    public static Soketi start(String appId, String appKey, String appSecret) {
        return start(appId, appKey, appSecret, Map.of());
    }

    /** The same, with more of soketi's environment (e.g. SOKETI_DEFAULT_APP_WEBHOOKS). */
    public static Soketi start(String appId, String appKey, String appSecret, Map<String, String> moreEnv) {
        return start(appId, appKey, appSecret, moreEnv, null);
    }

    /**
     * The same with a soketi config file ({@code --config}), for what the environment cannot say, such as
     * a second app: {@code {"appManager.array.apps": [...]}}, whose first app is the one named here.
     */
    public static Soketi start(String appId, String appKey, String appSecret, Map<String, String> moreEnv, Path config) {
        Path baseDir = baseDir();
        Path bin = baseDir.resolve("e2e/node_modules/.bin/soketi");
        if (!Files.isRegularFile(bin)) {
            throw new IllegalStateException("soketi is not installed (" + bin + " is missing): run `npm ci --prefix e2e`"
                    + " in " + baseDir + " first (Node.js 20 and npm needed)");
        }
        Path logDir = baseDir.resolve("target/e2e");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        IllegalStateException failure = null;
        // Free ports are picked, then released for soketi: another process may take one in between,
        // and soketi does not report a failed listen, so a start that is not verified is retried.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int[] ports = freePorts(2);
            Path log = logDir.resolve("soketi-" + ports[0] + ".log");
            Soketi soketi = launch(bin, logDir, log, ports[0], ports[1], appId, appKey, appSecret, moreEnv, config);
            soketi.moreEnv = moreEnv;
            soketi.config = config;
            try {
                soketi.awaitReady();
                return soketi;
            } catch (IllegalStateException e) {
                soketi.close();
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    private static Soketi launch(Path bin, Path workDir, Path log, int port, int metricsPort,
                                 String appId, String appKey, String appSecret, Map<String, String> moreEnv, Path config) {
        ProcessBuilder pb = config == null ? new ProcessBuilder(bin.toString(), "start")
                : new ProcessBuilder(bin.toString(), "start", "--config=" + config.toAbsolutePath());
        // soketi reads a .env file from its working directory: run it where there is none.
        pb.directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("SOKETI_HOST", HOST);
        env.put("SOKETI_PORT", Integer.toString(port));
        env.put("SOKETI_METRICS_HOST", HOST);
        env.put("SOKETI_METRICS_SERVER_PORT", Integer.toString(metricsPort));
        env.put("SOKETI_DEFAULT_APP_ID", appId);
        env.put("SOKETI_DEFAULT_APP_KEY", appKey);
        env.put("SOKETI_DEFAULT_APP_SECRET", appSecret);
        env.put("SOKETI_SHUTDOWN_GRACE_PERIOD", "0");
        env.putAll(moreEnv);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        try {
            return new Soketi(pb.start(), port, metricsPort, log, appId, appKey, appSecret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + bin, e);
        }
    }

    /**
     * A new soketi on this one's ports, app and environment, once this one is closed: as a server
     * restarts, so clients reconnect to the same address. Its output goes to a log file of its own.
     */
    public Soketi restarted() {
        Path bin = baseDir().resolve("e2e/node_modules/.bin/soketi");
        Path log = logFile.resolveSibling("soketi-" + port + "-restarted-" + System.nanoTime() + ".log");
        Soketi again = launch(bin, logFile.getParent(), log, port, metricsPort, appId, appKey, appSecret, moreEnv, config);
        again.moreEnv = moreEnv;
        again.config = config;
        try {
            again.awaitReady();
        } catch (IllegalStateException e) {
            again.close();
            throw e;
        }
        return again;
    }

    /** Polls until an unsigned request for the app is refused as unsigned (so the app is known). */
    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUri() + "/apps/" + appId + "/channels"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        AtomicReference<String> last = new AtomicReference<>("no answer");
        try {
            Awaitility.await().atMost(START_DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("soketi exited with code " + process.exitValue()
                            + " before it was ready; end of " + logFile + ":\n" + logTail());
                }
                try {
                    HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                    last.set("HTTP " + response.statusCode() + " " + response.body());
                    if (response.body().contains("\"code\":404")) {
                        throw new IllegalStateException("port " + port + " is served by another server that does not know app "
                                + appId + ": " + last + "; end of " + logFile + ":\n" + logTail());
                    }
                    return response.body().contains("\"code\":401");
                } catch (ConnectException e) {
                    last.set("connection refused");
                } catch (IOException e) {
                    last.set(e.toString());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("soketi did not answer on " + baseUri() + " within " + START_DEADLINE.toSeconds()
                    + " s (last: " + last + "); end of " + logFile + ":\n" + logTail());
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public int metricsPort() {
        return metricsPort;
    }

    /** {@code http://127.0.0.1:PORT}, the HTTP API and the WebSocket endpoint. */
    public String baseUri() {
        return "http://" + HOST + ":" + port;
    }

    public String appId() {
        return appId;
    }

    public String appKey() {
        return appKey;
    }

    public String appSecret() {
        return appSecret;
    }

    /** The jar's environment variables (PUSHER_APP_ID, ...) that point it at this soketi's app; callers add to it. */
    public Map<String, String> jarEnvironment() {
        return new HashMap<>(Map.of("PUSHER_APP_ID", appId, "PUSHER_APP_KEY", appKey, "PUSHER_APP_SECRET", appSecret,
                "PUSHER_SCHEME", "http", "PUSHER_HOST", HOST, "PUSHER_PORT", Integer.toString(port)));
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines soketi wrote, for failure messages. */
    public String logTail() {
        return tail(logFile, 40);
    }

    @Override
    public void close() {
        destroyTree(process, Duration.ofSeconds(10));
    }

    static void destroyTree(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static Path baseDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
