package io.pusherpipeline.testing;

import com.pusher.rest.OfficialSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An in-process Pusher HTTP API for tests: serves a configurable app state and refuses (401)
 * every request whose signature pusher-http-java, the official library, does not reproduce.
 */
public final class FakePusher implements AutoCloseable, AfterEachCallback, AfterAllCallback {

    /** A canned answer for requests whose path matches, given {@code times} times (or forever when negative). */
    public record Answer(int status, String body, Map<String, String> headers, java.util.concurrent.atomic.AtomicInteger times) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHANNELS = Pattern.compile("/apps/([^/]+)/channels");
    private static final Pattern CHANNEL = Pattern.compile("/apps/([^/]+)/channels/([^/]+)");
    private static final Pattern USERS = Pattern.compile("/apps/([^/]+)/channels/([^/]+)/users");
    private static final Pattern EVENTS = Pattern.compile("/apps/([^/]+)/(events|batch_events)");

    /** An event as a subscriber of {@code channel} would get it. */
    public record Delivered(String channel, String name, String data) {
    }

    private final String appId;
    private final String key;
    private final String secret;
    private final HttpServer server;
    private final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> members = new ConcurrentHashMap<>();
    private final List<Map.Entry<Pattern, Answer>> answers = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> refusedSignatures = new CopyOnWriteArrayList<>();
    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    private volatile boolean volunteerCounts = true;
    private final Map<Pattern, java.time.Duration> delays = new ConcurrentHashMap<>();

    private FakePusher(String appId, String key, String secret) throws IOException {
        this.appId = appId;
        this.key = key;
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakePusher start(String appId, String key, String secret) {
        try {
            return new FakePusher(appId, key, secret);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The settings that point the pipeline at this server with its credentials; callers add to them. */
    public Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("pusher.app-id", appId);
        settings.setProperty("pusher.app-key", key);
        settings.setProperty("pusher.app-secret", secret);
        settings.setProperty("pusher.scheme", "http");
        settings.setProperty("pusher.host", "127.0.0.1");
        settings.setProperty("pusher.port", Integer.toString(port()));
        return settings;
    }

    /** {@link #settings()} as the jar's environment variables (PUSHER_APP_ID, ...); callers add to it. */
    public Map<String, String> jarEnvironment() {
        Map<String, String> env = new HashMap<>();
        settings().forEach((k, v) -> env.put(k.toString().toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"), v.toString()));
        return env;
    }

    /** An occupied channel; presence channels get their members from {@link #members}. */
    public FakePusher channel(String name, int subscriptionCount) {
        subscriptions.put(name, subscriptionCount);
        return this;
    }

    public FakePusher members(String channel, String... userIds) {
        members.put(channel, List.of(userIds));
        subscriptions.putIfAbsent(channel, userIds.length);
        return this;
    }

    /** Whether the channel list carries subscription_count unasked, as soketi does. */
    public FakePusher volunteerCounts(boolean volunteer) {
        this.volunteerCounts = volunteer;
        return this;
    }

    /** Answers requests whose decoded path matches {@code pathRegex} with this status and body. */
    public FakePusher answer(String pathRegex, int status, String body) {
        return answer(pathRegex, -1, status, body, Map.of());
    }

    /** Answers the next {@code times} matching requests so, then serves the app state again. */
    public FakePusher answer(String pathRegex, int times, int status, String body, Map<String, String> headers) {
        answers.add(Map.entry(Pattern.compile(pathRegex),
                new Answer(status, body, headers, new java.util.concurrent.atomic.AtomicInteger(times))));
        return this;
    }

    /** Answers requests whose decoded path matches only after {@code delay}, as a slow or stuck server would. */
    public FakePusher delay(String pathRegex, java.time.Duration delay) {
        delays.put(Pattern.compile(pathRegex), delay);
        return this;
    }

    public void reset() {
        delays.clear();
        subscriptions.clear();
        members.clear();
        answers.clear();
        requests.clear();
        refusedSignatures.clear();
        delivered.clear();
        volunteerCounts = true;
    }

    /** Every request as {@code METHOD decoded-path?decoded-query-without-auth}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Every event accepted by POST /events and /batch_events, one per channel, in order. */
    public List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    public List<String> refusedSignatures() {
        return List.copyOf(refusedSignatures);
    }

    /** As a test class's {@code @RegisterExtension}: forgets what a test set up and saw, after each test. */
    @Override
    public void afterEach(ExtensionContext context) {
        reset();
    }

    /** As a test class's {@code @RegisterExtension}: stops the server after the class's last test. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            String method = http.getRequestMethod();
            String rawPath = http.getRequestURI().getRawPath();
            String path = URI.create("http://x" + rawPath).getPath();
            byte[] body = http.getRequestBody().readAllBytes();
            Map<String, String> query = decodeQuery(http.getRequestURI().getRawQuery());
            Map<String, String> visible = new LinkedHashMap<>(query);
            visible.keySet().removeIf(k -> k.startsWith("auth_") || k.equals("body_md5"));
            requests.add(method + " " + path + (visible.isEmpty() ? "" : "?" + joined(visible)));

            for (Map.Entry<Pattern, java.time.Duration> delay : delays.entrySet()) {
                if (delay.getKey().matcher(path).matches()) {
                    try {
                        Thread.sleep(delay.getValue().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            String refusal = checkSignature(method, rawPath, query, body);
            if (refusal != null) {
                refusedSignatures.add(refusal);
                send(http, 401, refusal);
                return;
            }
            for (Map.Entry<Pattern, Answer> canned : answers) {
                Answer answer = canned.getValue();
                // Negative: forever; otherwise counted down to 0, and spent at 0.
                if (canned.getKey().matcher(path).matches()
                        && answer.times().getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
                    answer.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
                    send(http, answer.status(), answer.body());
                    return;
                }
            }
            Matcher events = EVENTS.matcher(path);
            if ("POST".equals(method) && events.matches() && appId.equals(events.group(1))) {
                accept(http, events.group(2), body);
            } else {
                route(http, path, query);
            }
        }
    }

    /** As Pusher does: the whole request is accepted or refused; the answer carries no event. */
    @SuppressWarnings("unchecked")
    private void accept(HttpExchange http, String kind, byte[] body) throws IOException {
        Map<String, Object> json = JSON.readValue(body, Map.class);
        List<Delivered> accepted = new ArrayList<>();
        if (kind.equals("batch_events")) {
            List<Map<String, Object>> batch = (List<Map<String, Object>>) json.get("batch");
            if (batch.size() > 10) {
                send(http, 400, "Batch too large: " + batch.size() + " events, at most 10");
                return;
            }
            batch.forEach(e -> accepted.add(new Delivered((String) e.get("channel"), (String) e.get("name"), (String) e.get("data"))));
        } else {
            ((List<String>) json.get("channels")).forEach(c -> accepted.add(new Delivered(c, (String) json.get("name"), (String) json.get("data"))));
        }
        delivered.addAll(accepted);
        sendJson(http, kind.equals("batch_events") ? Map.of("batch", List.of()) : Map.of());
    }

    private void route(HttpExchange http, String path, Map<String, String> query) throws IOException {
        Matcher m;
        if ((m = USERS.matcher(path)).matches() && appId.equals(m.group(1))) {
            String channel = m.group(2);
            if (!channel.startsWith("presence-")) {
                send(http, 400, "Users can only be retrieved for presence channels");
                return;
            }
            List<Map<String, String>> users = new ArrayList<>();
            members.getOrDefault(channel, List.of()).forEach(id -> users.add(Map.of("id", id)));
            sendJson(http, Map.of("users", users));
        } else if ((m = CHANNEL.matcher(path)).matches() && appId.equals(m.group(1))) {
            Integer count = subscriptions.get(m.group(2));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("occupied", count != null);
            if (query.getOrDefault("info", "").contains("subscription_count") && count != null) {
                info.put("subscription_count", count);
            }
            sendJson(http, info);
        } else if ((m = CHANNELS.matcher(path)).matches() && appId.equals(m.group(1))) {
            String prefix = query.getOrDefault("filter_by_prefix", "");
            boolean userCount = query.getOrDefault("info", "").contains("user_count");
            if (userCount && !prefix.startsWith("presence-")) {
                send(http, 400, "user_count may only be requested for presence channels");
                return;
            }
            Map<String, Object> channels = new LinkedHashMap<>();
            subscriptions.forEach((name, count) -> {
                if (name.startsWith(prefix)) {
                    Map<String, Object> info = new HashMap<>();
                    if (volunteerCounts) {
                        info.put("subscription_count", count);
                    }
                    if (userCount) {
                        info.put("user_count", members.getOrDefault(name, List.of()).size());
                    }
                    channels.put(name, info);
                }
            });
            sendJson(http, Map.of("channels", channels));
        } else {
            send(http, 404, "Not found: " + path);
        }
    }

    private String checkSignature(String method, String rawPath, Map<String, String> query, byte[] body) {
        if (!key.equals(query.get("auth_key"))) {
            return "unknown auth_key " + query.get("auth_key");
        }
        if (!"1.0".equals(query.get("auth_version"))) {
            return "auth_version must be 1.0";
        }
        long timestamp = Long.parseLong(query.getOrDefault("auth_timestamp", "0"));
        if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > 600) {
            return "auth_timestamp out of the 600 s window";
        }
        if (body.length > 0 && !md5(body).equals(query.get("body_md5"))) {
            return "body_md5 does not match the body";
        }
        Map<String, String> signed = new HashMap<>(query);
        String given = signed.remove("auth_signature");
        String expected = OfficialSignature.sign(secret, method, rawPath, signed);
        return expected.equals(given) ? null : "Invalid signature for " + method + " " + rawPath;
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    private static String joined(Map<String, String> params) {
        return String.join("&", params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
    }

    private static void sendJson(HttpExchange http, Object value) throws IOException {
        http.getResponseHeaders().set("Content-Type", "application/json");
        send(http, 200, JSON.writeValueAsString(value));
    }

    private static void send(HttpExchange http, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
