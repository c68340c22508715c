package io.pusherpipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.signing.PusherSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: the fewest requests that gather a snapshot's data (1 list + 1 members call per
 * presence channel), signed, sent by a bare JDK HTTP client at the given concurrency, bodies
 * parsed, nothing stored. Nothing can take a snapshot faster over the same network.
 */
final class Floor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Floor() {
    }

    /**
     * The floor as a process of its own ({@code port concurrency}), the way the pipeline runs:
     * a fresh JVM, its start-up included. Prints {@code members=N}.
     */
    public static void main(String[] args) throws Exception {
        AtomicLong members = new AtomicLong();
        run(Integer.parseInt(args[0]), Integer.parseInt(args[1]), members);
        System.out.println("members=" + members.get());
    }

    /** Seconds taken; returns the number of members read into {@code membersSeen}. */
    static double run(int port, int concurrency, AtomicLong membersSeen) throws Exception {
        long start = System.nanoTime();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<?, ?> list = (Map<?, ?>) get(client, port, "/apps/" + BenchPusher.APP_ID + "/channels").get("channels");
        List<String> presence = new ArrayList<>();
        for (Object name : list.keySet()) {
            if (name.toString().startsWith("presence-")) {
                presence.add(name.toString());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> calls = new ArrayList<>(presence.size());
            for (String channel : presence) {
                calls.add(pool.submit(() -> {
                    List<?> users = (List<?>) get(client, port,
                            "/apps/" + BenchPusher.APP_ID + "/channels/" + channel + "/users").get("users");
                    membersSeen.addAndGet(users.size());
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<?, ?> get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        Map<String, String> params = new TreeMap<>();
        params.put("auth_key", BenchPusher.KEY);
        params.put("auth_timestamp", Long.toString(System.currentTimeMillis() / 1000));
        params.put("auth_version", "1.0");
        String signature = PusherSignature.sign(BenchPusher.SECRET, "GET", path, params);
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        query.append("auth_signature=").append(signature);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "?" + query)).GET().build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode());
        }
        return JSON.readValue(response.body(), Map.class);
    }
}
