package io.pusherpipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pusher.rest.OfficialSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated Pusher HTTP API for the benchmark: an app of {@code channels} occupied channels,
 * {@code presence} of them presence channels with {@code members} members each, every answer
 * {@code latencyMs} late. Every signature is checked with pusher-http-java (401 otherwise).
 *
 * <p>Latency costs no thread: a request is read and checked at once, and its answer is sent by a
 * timer {@code latencyMs} later, so any number of requests wait at the same time.
 */
public final class SimulatedPusher implements AutoCloseable {

    static final String APP_ID = "5005";
    static final String KEY = "bench-key";
    static final String SECRET = "bench-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/apps/" + APP_ID + "/channels";

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final long latencyMs;
    private final byte[] channelList;
    private final Map<String, byte[]> users = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong firstRequestNanos = new AtomicLong();
    private final AtomicLong lastAnswerNanos = new AtomicLong();
    private final Queue<Long> arrivals = new ConcurrentLinkedQueue<>();

    public SimulatedPusher(int channels, int presence, int members, long latencyMs) {
        if (presence > channels) {
            throw new IllegalArgumentException("Parameter [presence] must be at most channels");
        }
        this.latencyMs = latencyMs;
        Map<String, Object> list = new LinkedHashMap<>();
        for (int i = 0; i < channels; i++) {
            // Presence channels spread evenly through the list, as in a real app.
            boolean isPresence = presence > 0 && (long) i * presence / channels != (long) (i + 1) * presence / channels;
            String name = (isPresence ? "presence-room-" : "public-room-") + i;
            list.put(name, Map.of("subscription_count", isPresence ? members : 3));
            if (isPresence) {
                List<Map<String, String>> ids = new ArrayList<>(members);
                for (int m = 0; m < members; m++) {
                    ids.add(Map.of("id", "user-" + i + "-" + m));
                }
                users.put(name, json(Map.of("users", ids)));
            }
        }
        this.channelList = json(Map.of("channels", list));
        // The JDK server writes headers and body apart; without TCP_NODELAY, Nagle's algorithm and
        // the client's delayed ACK add about 40 ms to every answer, latency nobody asked for.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered since the last {@link #resetCounts()}, refused ones included. */
    public int requests() {
        return requests.get();
    }

    public int refusedSignatures() {
        return refused.get();
    }

    /** The most requests waiting for their answer at one time since the last {@link #resetCounts()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** {@link System#nanoTime()} of the first request since the last {@link #resetCounts()}, 0 if none. */
    public long firstRequestNanos() {
        return firstRequestNanos.get();
    }

    /** {@link System#nanoTime()} of the last answer sent since the last {@link #resetCounts()}, 0 if none. */
    public long lastAnswerNanos() {
        return lastAnswerNanos.get();
    }

    /** Requests that arrived in each second from the first one, since the last {@link #resetCounts()}. */
    public List<Integer> requestsPerSecond() {
        List<Integer> perSecond = new ArrayList<>();
        long first = firstRequestNanos.get();
        for (long at : arrivals) {
            int second = (int) ((at - first) / 1_000_000_000L);
            while (perSecond.size() <= second) {
                perSecond.add(0);
            }
            perSecond.set(second, perSecond.get(second) + 1);
        }
        return perSecond;
    }

    public void resetCounts() {
        arrivals.clear();
        firstRequestNanos.set(0);
        lastAnswerNanos.set(0);
        requests.set(0);
        refused.set(0);
        maxInFlight.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        timer.shutdownNow();
    }

    private void handle(HttpExchange http) throws IOException {
        long now = System.nanoTime();
        firstRequestNanos.compareAndSet(0, now);
        arrivals.add(now);
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        String rawPath = http.getRequestURI().getRawPath();
        String path = URI.create("http://x" + rawPath).getPath();
        http.getRequestBody().readAllBytes();
        Map<String, String> query = decodeQuery(http.getRequestURI().getRawQuery());
        int status;
        byte[] body;
        if (!signed(http.getRequestMethod(), rawPath, query)) {
            refused.incrementAndGet();
            status = 401;
            body = "Invalid signature".getBytes(StandardCharsets.UTF_8);
        } else if (path.equals(PREFIX)) {
            status = 200;
            body = channelList;
        } else if (path.startsWith(PREFIX + "/") && path.endsWith("/users")
                && users.containsKey(path.substring(PREFIX.length() + 1, path.length() - "/users".length()))) {
            status = 200;
            body = users.get(path.substring(PREFIX.length() + 1, path.length() - "/users".length()));
        } else {
            status = 404;
            body = ("Not found: " + path).getBytes(StandardCharsets.UTF_8);
        }
        // The handler thread returns now; the answer leaves latencyMs later from the timer's thread.
        timer.schedule(() -> {
            inFlight.decrementAndGet();
            send(http, status, body);
            lastAnswerNanos.set(System.nanoTime());
        }, latencyMs, TimeUnit.MILLISECONDS);
    }

    private static void send(HttpExchange http, int status, byte[] body) {
        try (http) {
            http.getResponseHeaders().set("Content-Type", "application/json");
            http.sendResponseHeaders(status, body.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private static boolean signed(String method, String rawPath, Map<String, String> query) {
        if (!KEY.equals(query.get("auth_key")) || !"1.0".equals(query.get("auth_version"))) {
            return false;
        }
        long timestamp = Long.parseLong(query.getOrDefault("auth_timestamp", "0"));
        if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > 600) {
            return false;
        }
        Map<String, String> params = new HashMap<>(query);
        String given = params.remove("auth_signature");
        return OfficialSignature.sign(SECRET, method, rawPath, params).equals(given);
    }

    private static Map<String, String> decodeQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
