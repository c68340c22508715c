package io.pusherpipeline.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
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
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated Pusher HTTP API on a free loopback port, for {@code --demo}: serves a
 * {@link SimulatedApp}, refuses (401) any request whose signature does not verify, and accepts
 * published events. Each channel list (the start of a snapshot) moves the app to its next moment.
 */
public final class SimulatedPusher implements AutoCloseable {

    public static final String APP_ID = "simulated-demo";
    public static final String KEY = "simulated-demo-key";

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern USERS = Pattern.compile("/apps/" + APP_ID + "/channels/([^/]+)/users");
    private static final Pattern CHANNELS = Pattern.compile("/apps/" + APP_ID + "/channels");
    private static final Pattern EVENTS = Pattern.compile("/apps/" + APP_ID + "/(batch_)?events");

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final SimulatedApp app = new SimulatedApp();
    private final AtomicInteger eventsReceived = new AtomicInteger();
    private final AtomicInteger refusedSignatures = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpServer server;

    private SimulatedPusher() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static SimulatedPusher start() {
        try {
            return new SimulatedPusher();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the simulated Pusher on a loopback port: " + e.getMessage(), e);
        }
    }

    /** The settings that point the unchanged routes at this simulator and nowhere else. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pusher.app-id", APP_ID);
        settings.put("pusher.app-key", KEY);
        settings.put("pusher.app-secret", secret);
        settings.put("pusher.scheme", "http");
        settings.put("pusher.host", server.getAddress().getAddress().getHostAddress());
        settings.put("pusher.port", Integer.toString(server.getAddress().getPort()));
        return settings;
    }

    public int eventsReceived() {
        return eventsReceived.get();
    }

    public int refusedSignatures() {
        return refusedSignatures.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            String rawPath = http.getRequestURI().getRawPath();
            String path = URI.create("http://simulated" + rawPath).getPath();
            byte[] body = http.getRequestBody().readAllBytes();
            Map<String, String> query = query(http.getRequestURI().getRawQuery());
            if (!signed(http.getRequestMethod(), rawPath, query, body)) {
                refusedSignatures.incrementAndGet();
                send(http, 401, "Invalid signature: the simulated Pusher checks every request as Pusher does");
                return;
            }
            Matcher m;
            if ((m = USERS.matcher(path)).matches()) {
                List<Map<String, String>> users = app.members(m.group(1)).stream().map(id -> Map.of("id", id)).toList();
                sendJson(http, Map.of("users", users));
            } else if (CHANNELS.matcher(path).matches()) {
                app.advance();
                Map<String, Object> channels = new LinkedHashMap<>();
                app.channels().forEach((name, count) -> channels.put(name, Map.of("subscription_count", count)));
                sendJson(http, Map.of("channels", channels));
            } else if (EVENTS.matcher(path).matches() && "POST".equals(http.getRequestMethod())) {
                Object batch = JSON.readValue(body, Map.class).get("batch");
                eventsReceived.addAndGet(batch instanceof List<?> list ? list.size() : 1);
                sendJson(http, Map.of());
            } else {
                send(http, 404, "The simulated Pusher has no " + path);
            }
        }
    }

    private boolean signed(String method, String rawPath, Map<String, String> query, byte[] body) {
        Map<String, String> params = new LinkedHashMap<>(query);
        String given = params.remove("auth_signature");
        if (!KEY.equals(params.get("auth_key")) || given == null
                || (body.length > 0 && !PusherSignature.bodyMd5(body).equals(params.get("body_md5")))) {
            return false;
        }
        return PusherSignature.sign(secret, method, rawPath, params).equals(given);
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

    private static void sendJson(HttpExchange http, Object value) throws IOException {
        http.getResponseHeaders().set("Content-Type", "application/json");
        send(http, 200, JSON.writeValueAsString(value));
    }

    private static void send(HttpExchange http, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }
}
