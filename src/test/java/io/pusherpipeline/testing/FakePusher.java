package io.pusherpipeline.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pusher.rest.OfficialSignature;
import io.pusherpipeline.demo.PusherApiServer;
import io.pusherpipeline.demo.PusherApiServer.Answer;
import io.pusherpipeline.demo.PusherApiServer.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process Pusher HTTP API for the tests and the benchmark: serves a configurable app state,
 * canned or late answers on demand, and refuses (401) every request whose signature
 * pusher-http-java, the official library, does not reproduce.
 */
public final class FakePusher implements AutoCloseable, AfterEachCallback, AfterAllCallback {

    /** An event as a subscriber of {@code channel} would get it. */
    public record Delivered(String channel, String name, String data) {
    }

    /** A canned answer, given {@code times} times (or forever when negative). */
    private record Canned(Pattern path, Answer answer, AtomicInteger times) {
    }

    /** A request as {@link #requests()} shows it, and when it arrived ({@link System#nanoTime()}). */
    private record Seen(String line, long arrivedNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHANNELS = Pattern.compile("/apps/([^/]+)/channels");
    private static final Pattern CHANNEL = Pattern.compile("/apps/([^/]+)/channels/([^/]+)");
    private static final Pattern USERS = Pattern.compile("/apps/([^/]+)/channels/([^/]+)/users");
    private static final Pattern EVENTS = Pattern.compile("/apps/([^/]+)/(events|batch_events)");
    private static final Pattern TERMINATE = Pattern.compile("/apps/([^/]+)/users/([^/]+)/terminate_connections");

    private final String appId;
    private final PusherApiServer server;
    private final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> members = new ConcurrentHashMap<>();
    private final List<Canned> canned = new CopyOnWriteArrayList<>();
    private final Map<Pattern, Duration> delays = new ConcurrentHashMap<>();
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final Queue<Delivered> delivered = new ConcurrentLinkedQueue<>();
    private final Queue<String> terminated = new ConcurrentLinkedQueue<>();
    private volatile boolean volunteerCounts = true;

    private FakePusher(String appId, String key, String secret) {
        this.appId = appId;
        this.server = new PusherApiServer(appId, key, secret, OfficialSignature::sign, 16, this::answer);
    }

    public static FakePusher start(String appId, String key, String secret) {
        return new FakePusher(appId, key, secret);
    }

    public int port() {
        return server.port();
    }

    /** The settings that point the pipeline at this server with its credentials; callers add to them. */
    public Properties settings() {
        Properties settings = new Properties();
        settings.putAll(server.settings());
        return settings;
    }

    /** {@link #settings()} as the jar's environment variables (PUSHER_APP_ID, ...); callers add to it. */
    public Map<String, String> jarEnvironment() {
        Map<String, String> env = new HashMap<>();
        server.settings().forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"), v));
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
        Answer answer = new Answer(status, body.getBytes(StandardCharsets.UTF_8), headers, Duration.ZERO);
        canned.add(new Canned(Pattern.compile(pathRegex), answer, new AtomicInteger(times)));
        return this;
    }

    /** Answers requests whose decoded path matches only after {@code delay}, as a slow or stuck server would. */
    public FakePusher delay(String pathRegex, Duration delay) {
        delays.put(Pattern.compile(pathRegex), delay);
        return this;
    }

    /** Forgets what the server saw (requests, refusals, deliveries) but not what it serves. */
    public void forgetRequests() {
        seen.clear();
        delivered.clear();
        terminated.clear();
        server.forgetRefusals();
    }

    public void reset() {
        forgetRequests();
        delays.clear();
        subscriptions.clear();
        members.clear();
        canned.clear();
        volunteerCounts = true;
    }

    /** The occupied channels in the order the channel list gives them. */
    public List<String> listedChannels() {
        return List.copyOf(subscriptions.keySet());
    }

    /** Every signed request as {@code METHOD decoded-path?decoded-query-without-auth}. */
    public List<String> requests() {
        return seen.stream().map(Seen::line).toList();
    }

    /** When each signed request arrived ({@link System#nanoTime()}), in order. */
    public List<Long> arrivals() {
        return seen.stream().map(Seen::arrivedNanos).toList();
    }

    /** Every event accepted by POST /events and /batch_events, one per channel, in order. */
    /** The users whose connections were terminated, in order. */
    public List<String> terminated() {
        return List.copyOf(terminated);
    }

    public List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    /** Why each refused request was refused. */
    public List<String> refusedSignatures() {
        return server.refusals();
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
        server.close();
    }

    private Answer answer(Request request) throws IOException {
        long arrived = System.nanoTime();
        Map<String, String> visible = new LinkedHashMap<>(request.query());
        visible.keySet().removeIf(k -> k.startsWith("auth_") || k.equals("body_md5"));
        seen.add(new Seen(request.method() + " " + request.path() + (visible.isEmpty() ? "" : "?" + joined(visible)), arrived));
        Duration delay = delays.entrySet().stream().filter(d -> d.getKey().matcher(request.path()).matches())
                .map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus);
        return served(request).after(delay);
    }

    private Answer served(Request request) throws IOException {
        for (Canned c : canned) {
            // Negative: forever; otherwise counted down to 0, and spent at 0.
            if (c.path().matcher(request.path()).matches() && c.times().getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
                return c.answer();
            }
        }
        Matcher events = EVENTS.matcher(request.path());
        if ("POST".equals(request.method()) && events.matches() && appId.equals(events.group(1))) {
            return accept(events.group(2), request.body());
        }
        Matcher terminate = TERMINATE.matcher(request.path());
        if ("POST".equals(request.method()) && terminate.matches() && appId.equals(terminate.group(1))) {
            if (!"{}".equals(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                return Answer.text(400, "terminate_connections takes the body {}");
            }
            terminated.add(terminate.group(2));
            return Answer.json(Map.of());
        }
        return appState(request.path(), request.query());
    }

    /**
     * As Pusher does: the whole request is accepted or refused; the answer carries no event, only the
     * counts an event asked for with info, in the official shapes: /events {"channels":{"ch":{...}}},
     * /batch_events {"batch":[{...}, {}]} (one entry per event).
     */
    @SuppressWarnings("unchecked")
    private Answer accept(String kind, byte[] body) throws IOException {
        Map<String, Object> json = JSON.readValue(body, Map.class);
        List<Delivered> accepted = new ArrayList<>();
        if (kind.equals("batch_events")) {
            List<Map<String, Object>> batch = (List<Map<String, Object>>) json.get("batch");
            if (batch.size() > 10) {
                return Answer.text(400, "Batch too large: " + batch.size() + " events, at most 10");
            }
            batch.forEach(e -> accepted.add(new Delivered((String) e.get("channel"), (String) e.get("name"), (String) e.get("data"))));
            delivered.addAll(accepted);
            return Answer.json(Map.of("batch", batch.stream().map(e -> counts((String) e.get("channel"), (String) e.get("info"))).toList()));
        }
        List<String> channels = (List<String>) json.get("channels");
        channels.forEach(c -> accepted.add(new Delivered(c, (String) json.get("name"), (String) json.get("data"))));
        delivered.addAll(accepted);
        if (json.get("info") == null) {
            return Answer.json(Map.of());
        }
        Map<String, Object> byChannel = new LinkedHashMap<>();
        channels.forEach(c -> byChannel.put(c, counts(c, (String) json.get("info"))));
        return Answer.json(Map.of("channels", byChannel));
    }

    private Map<String, Object> counts(String channel, String info) {
        Map<String, Object> counts = new LinkedHashMap<>();
        if (info != null && info.contains("subscription_count")) {
            counts.put("subscription_count", subscriptions.getOrDefault(channel, 0));
        }
        if (info != null && info.contains("user_count") && channel.startsWith("presence-")) {
            counts.put("user_count", members.getOrDefault(channel, List.of()).size());
        }
        return counts;
    }

    private Answer appState(String path, Map<String, String> query) throws IOException {
        Matcher m;
        if ((m = USERS.matcher(path)).matches() && appId.equals(m.group(1))) {
            String channel = m.group(2);
            if (!channel.startsWith("presence-")) {
                return Answer.text(400, "Users can only be retrieved for presence channels");
            }
            return Answer.json(Map.of("users", members.getOrDefault(channel, List.of()).stream().map(id -> Map.of("id", id)).toList()));
        } else if ((m = CHANNEL.matcher(path)).matches() && appId.equals(m.group(1))) {
            Integer count = subscriptions.get(m.group(2));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("occupied", count != null);
            if (query.getOrDefault("info", "").contains("subscription_count") && count != null) {
                info.put("subscription_count", count);
            }
            return Answer.json(info);
        } else if ((m = CHANNELS.matcher(path)).matches() && appId.equals(m.group(1))) {
            String prefix = query.getOrDefault("filter_by_prefix", "");
            boolean userCount = query.getOrDefault("info", "").contains("user_count");
            if (userCount && !prefix.startsWith("presence-")) {
                return Answer.text(400, "user_count may only be requested for presence channels");
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
            return Answer.json(Map.of("channels", channels));
        }
        return Answer.text(404, "Not found: " + path);
    }

    private static String joined(Map<String, String> params) {
        return String.join("&", params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
    }
}
