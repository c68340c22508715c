package io.pusherpipeline.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.pusherpipeline.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The history case's floors: the page read straight over JDBC with the SQL of HistoryReader (the
 * page's SELECT from the cursor's own event, one more than a page to tell the last page, then the
 * gaps' SELECT) from a HikariCP pool as large as the jar's; and the same pages served as JSON
 * (Jackson, the API's shape) by the JDK's {@code com.sun.net.httpserver}, a private channel's auth
 * checked: the least an HTTP API of these pages does.
 */
final class HistoryFloor implements AutoCloseable {

    /** The jar's pool ({@code DataSources}: 12). */
    static final int POOL = 12;

    private final HikariDataSource pool = new HikariDataSource();
    private final String schema;
    private HttpServer server;
    private ExecutorService executor;

    HistoryFloor(String url, String user, String password, String schema) {
        pool.setJdbcUrl(url);
        pool.setUsername(user.isEmpty() ? null : user);
        pool.setPassword(password.isEmpty() ? null : password);
        pool.setMaximumPoolSize(POOL);
        pool.setPoolName("history-floor");
        this.schema = schema;
    }

    /** The page as JSON's maps, or null when the cursor is past the channel's end. */
    Map<String, Object> page(String channel, long after, int limit) throws SQLException {
        try (Connection c = pool.getConnection()) {
            List<Map<String, Object>> events = new ArrayList<>();
            List<OffsetDateTime> times = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT seq, event_name, data, user_id, socket_id, source, occurred_at"
                    + " FROM " + schema + ".channel_events WHERE app_id = ? AND channel_name = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
                s.setString(1, BenchPusher.APP_ID);
                s.setString(2, channel);
                s.setLong(3, after);
                s.setInt(4, limit + 2);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime at = rs.getObject(7, OffsetDateTime.class);
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("seq", rs.getLong(1));
                        e.put("event", rs.getString(2));
                        e.put("data", rs.getString(3));
                        e.put("user_id", rs.getString(4));
                        e.put("socket_id", rs.getString(5));
                        e.put("source", rs.getString(6));
                        e.put("occurred_at", at.toInstant().toString());
                        events.add(e);
                        times.add(at);
                    }
                }
            }
            OffsetDateTime from = null;
            if (after > 0 && !events.isEmpty() && (Long) events.get(0).get("seq") == after) {
                from = times.get(0);
                events = events.subList(1, events.size());
                times = times.subList(1, times.size());
            } else if (after > 0) {
                return null;
            }
            boolean last = events.size() <= limit;
            if (!last) {
                events = events.subList(0, limit);
                times = times.subList(0, limit);
            }
            // The pages' times rise with seq here: the first and last event bound the page.
            OffsetDateTime to = last || times.isEmpty() ? null : times.get(times.size() - 1);
            if (from != null && !times.isEmpty() && times.get(0).isBefore(from)) {
                from = times.get(0);
            }
            String sql = "SELECT started_at, ended_at, reason FROM " + schema + ".channel_gaps WHERE app_id = ?"
                    + (from == null ? "" : " AND (ended_at IS NULL OR ended_at >= ?)") + (to == null ? "" : " AND started_at <= ?")
                    + " ORDER BY started_at";
            List<Map<String, Object>> gaps = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setString(i++, BenchPusher.APP_ID);
                if (from != null) {
                    s.setObject(i++, from);
                }
                if (to != null) {
                    s.setObject(i, to);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime ended = rs.getObject(2, OffsetDateTime.class);
                        Map<String, Object> g = new LinkedHashMap<>();
                        g.put("started_at", rs.getObject(1, OffsetDateTime.class).toInstant().toString());
                        g.put("ended_at", ended == null ? null : ended.toInstant().toString());
                        g.put("reason", rs.getString(3));
                        gaps.add(g);
                    }
                }
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("channel", channel);
            page.put("events", events);
            page.put("next", events.isEmpty() ? after : events.get(events.size() - 1).get("seq"));
            page.put("gaps", gaps);
            return page;
        }
    }

    /** The JDBC floor as a load's target. */
    HistoryLoad.Target jdbc() {
        return (channel, after, limit) -> {
            Map<String, Object> page = page(channel, after, limit);
            if (page == null) {
                return new HistoryLoad.Page(400, null, new long[0], -1, -1, "after is past the channel's end");
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) page.get("events");
            long[] seqs = events.stream().mapToLong(e -> (Long) e.get("seq")).toArray();
            return new HistoryLoad.Page(200, channel, seqs, ((Number) page.get("next")).longValue(),
                    ((List<?>) page.get("gaps")).size(), null);
        };
    }

    /** Serves {@code path}/{channel}?after=&limit= (a private channel: socket_id and auth) on a free port; returns it. */
    int serve(String path, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext(path + "/", exchange -> {
            try {
                handle(exchange);
            } catch (Exception e) {
                answer(exchange, 503, "text/plain", ("history unavailable: " + e + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws Exception {
        String raw = exchange.getRequestURI().getRawPath();
        String channel = URLDecoder.decode(raw.substring(raw.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        Map<String, String> params = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (HistoryData.isPrivate(channel)) {
            String given = params.getOrDefault("auth", "");
            String socketId = params.getOrDefault("socket_id", "");
            byte[] expected = (BenchPusher.KEY + ":" + io.pusherpipeline.signing.WebhookSignature.sign(BenchPusher.SECRET,
                    (socketId + ":" + channel).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                answer(exchange, 401, "text/plain", "not authorized\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        Map<String, Object> page = page(channel, Long.parseLong(params.getOrDefault("after", "0")),
                Integer.parseInt(params.getOrDefault("limit", "100")));
        if (page == null) {
            answer(exchange, 400, "text/plain", "after is past the channel's end\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        answer(exchange, 200, "application/json", Json.MAPPER.writeValueAsBytes(page));
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
        pool.close();
    }
}
