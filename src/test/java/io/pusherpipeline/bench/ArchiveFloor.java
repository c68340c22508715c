package io.pusherpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The archiver case's floor and occupier: one bare Pusher client (protocol 7, the JDK's WebSocket)
 * subscribed to every channel of the case, so that they are occupied before the jar starts, and
 * recording when each published event reaches it: what soketi delivers to a client that does nothing
 * else with it.
 */
final class ArchiveFloor implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArchiveArrivals arrivals = new ArchiveArrivals();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final CompletableFuture<String> established = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<WebSocket>> sending = new AtomicReference<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String error;
    private WebSocket socket;

    /** Connects to soketi and subscribes to {@code channels}; returns once every subscription succeeded. */
    static ArchiveFloor subscribe(String host, int port, String key, List<String> channels) throws Exception {
        ArchiveFloor floor = new ArchiveFloor();
        URI uri = URI.create("ws://" + host + ":" + port + "/app/" + key + "?protocol=7&client=archive-bench&version=1");
        floor.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, floor).get(20, TimeUnit.SECONDS);
        floor.established.get(20, TimeUnit.SECONDS);
        for (String channel : channels) {
            floor.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (floor.subscribed.get() < channels.size()) {
            if (floor.error != null || System.nanoTime() > deadline) {
                throw new IllegalStateException("The floor client subscribed to " + floor.subscribed.get() + " of "
                        + channels.size() + " channels" + (floor.error == null ? " within 60 s" : ": " + floor.error));
            }
            Thread.sleep(20);
        }
        return floor;
    }

    ArchiveArrivals arrivals() {
        return arrivals;
    }

    /** A frame at a time: the JDK's WebSocket allows one outstanding send. */
    private synchronized void send(String text) {
        CompletableFuture<WebSocket> previous = sending.get();
        CompletableFuture<WebSocket> next = previous == null ? socket.sendText(text, true).toCompletableFuture()
                : previous.thenCompose(ws -> ws.sendText(text, true));
        sending.set(next);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.currentTimeMillis();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                frame(text, now);
            } catch (Exception e) {
                error = e.toString();
            }
        }
        webSocket.request(1);
        return null;
    }

    private void frame(String text, long now) throws Exception {
        if (arrivals.record(text.replace("\\\"", "\""), now)) {
            return;
        }
        JsonNode frame = JSON.readTree(text);
        switch (frame.path("event").asText()) {
            case "pusher:connection_established" -> established.complete(frame.path("data").asText());
            case "pusher_internal:subscription_succeeded" -> subscribed.incrementAndGet();
            case "pusher:ping" -> send("{\"event\":\"pusher:pong\",\"data\":{}}");
            case "pusher:error", "pusher:subscription_error" -> error = text;
            default -> {
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        error = "closed " + statusCode + " " + reason;
        established.completeExceptionally(new IllegalStateException(error));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable e) {
        error = e.toString();
        established.completeExceptionally(e);
    }

    /** Why the connection failed, or null. */
    String error() {
        return error;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
