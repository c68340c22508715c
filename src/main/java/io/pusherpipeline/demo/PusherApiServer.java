package io.pusherpipeline.demo;

import io.pusherpipeline.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pusherpipeline.signing.PusherSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pusher's HTTP API on a free loopback port, for the demo's simulator and the tests' fake: refuses
 * (401) every request Pusher would refuse (key, timestamp, body_md5, signature) and sends the
 * handler's answer to the others, after the answer's delay without holding a thread. The JDK server
 * writes headers and body apart: without {@value #NO_DELAY}=true, set by whoever owns the JVM before its
 * first server (the demo, the build's test runs), Nagle's algorithm adds about 40 ms to every answer.
 */
public final class PusherApiServer implements AutoCloseable {

    /** The JDK server's switch for TCP_NODELAY, read once per JVM when its first server starts. */
    public static final String NO_DELAY = "sun.net.httpserver.nodelay";
    private static final ObjectMapper JSON = Json.MAPPER;

    /** A request whose signature verified: {@code path} decoded, {@code query} decoded with its auth_* parameters. */
    public record Request(String method, String path, Map<String, String> query, byte[] body) {
    }

    /** What to send back, {@code delay} after the request arrived. */
    public record Answer(int status, byte[] body, Map<String, String> headers, Duration delay) {

        public static Answer json(Object value) throws IOException {
            return new Answer(200, JSON.writeValueAsBytes(value), Map.of("Content-Type", "application/json"), Duration.ZERO);
        }

        public static Answer text(int status, String text) {
            return new Answer(status, text.getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ZERO);
        }

        public Answer after(Duration later) {
            return new Answer(status, body, headers, later);
        }
    }

    /** Answers a request whose signature verified. */
    public interface Handler {
        Answer answer(Request request) throws IOException;
    }

    /** Pusher's signature of a request ({@link PusherSignature#sign}; a test may verify with another library). */
    public interface Signer {
        String sign(String secret, String method, String path, Map<String, String> params);
    }

    private final String appId;
    private final String key;
    private final String secret;
    private final Signer signer;
    private final Handler handler;
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final HttpServer server;

    /** Starts serving the app {@code appId} at once, answering with {@code threads} threads. */
    public PusherApiServer(String appId, String key, String secret, Signer signer, int threads, Handler handler) {
        this.appId = appId;
        this.key = key;
        this.secret = secret;
        this.signer = signer;
        this.handler = handler;
        this.threads = Executors.newFixedThreadPool(threads);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a simulated Pusher on a loopback port: " + e.getMessage(), e);
        }
        server.setExecutor(this.threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The settings that point the routes at this server with its app's credentials. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pusher.app-id", appId);
        settings.put("pusher.app-key", key);
        settings.put("pusher.app-secret", secret);
        settings.put("pusher.scheme", "http");
        settings.put("pusher.host", server.getAddress().getAddress().getHostAddress());
        settings.put("pusher.port", Integer.toString(port()));
        return settings;
    }

    /** Why each refused request was refused, in order. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public void forgetRefusals() {
        refusals.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        timer.shutdownNow();
    }

    private void handle(HttpExchange http) throws IOException {
        String rawPath = http.getRequestURI().getRawPath();
        Request request = new Request(http.getRequestMethod(), URI.create("http://pusher" + rawPath).getPath(),
                query(http.getRequestURI().getRawQuery()), http.getRequestBody().readAllBytes());
        String refusal = refusal(request, rawPath);
        Answer answer;
        if (refusal != null) {
            refusals.add(refusal);
            answer = Answer.text(401, refusal);
        } else {
            answer = handler.answer(request);
        }
        if (answer.delay().isZero()) {
            send(http, answer);
        } else {
            timer.schedule(() -> send(http, answer), answer.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private String refusal(Request request, String rawPath) {
        Map<String, String> params = new LinkedHashMap<>(request.query());
        String given = params.remove("auth_signature");
        if (!key.equals(params.get("auth_key"))) {
            return "unknown auth_key " + params.get("auth_key");
        }
        if (!"1.0".equals(params.get("auth_version"))) {
            return "auth_version must be 1.0";
        }
        long timestamp = Long.parseLong(params.getOrDefault("auth_timestamp", "0"));
        if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > 600) {
            return "auth_timestamp out of the 600 s window";
        }
        if (request.body().length > 0 && !PusherSignature.bodyMd5(request.body()).equals(params.get("body_md5"))) {
            return "body_md5 does not match the body";
        }
        boolean signed = signer.sign(secret, request.method(), rawPath, params).equals(given);
        return signed ? null : "Invalid signature for " + request.method() + " " + rawPath;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void send(HttpExchange http, Answer answer) {
        try (http) {
            answer.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
            http.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = http.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (IOException e) {
            // The client went away (a timeout, a stopped run): nothing to answer.
        }
    }
}
