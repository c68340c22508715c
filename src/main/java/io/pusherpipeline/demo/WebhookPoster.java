package io.pusherpipeline.demo;

import io.pusherpipeline.Json;
import io.pusherpipeline.signing.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts webhooks to a receiver as Pusher does: body {@code {"time_ms": N, "events": [...]}},
 * {@code X-Pusher-Key}, and {@code X-Pusher-Signature}, the hex HMAC-SHA256 of the secret over the body.
 */
final class WebhookPoster {

    /** Pusher expects an answer within a few seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI receiver;
    private final String key;
    private final String secret;
    private final Queue<CompletableFuture<Void>> later = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    WebhookPoster(URI receiver, String key, String secret) {
        this.receiver = receiver;
        this.key = key;
        this.secret = secret;
    }

    /** Posts the events as one batch of this moment and waits for the answer; nothing when there are none. */
    void post(List<Map<String, Object>> events) {
        if (events.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Map.of("time_ms", System.currentTimeMillis(), "events", events));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(receiver).timeout(TIMEOUT).header("Content-Type", "application/json")
                .header("X-Pusher-Key", key).header("X-Pusher-Signature", WebhookSignature.sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                failures.add("HTTP " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            failures.add(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted before the answer");
        }
    }

    /** Posts the events {@code delay} from now, without holding a thread meanwhile. */
    void postLater(Duration delay, List<Map<String, Object>> events) {
        later.add(CompletableFuture.runAsync(() -> post(events),
                CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS)));
    }

    /** Waits until every batch posted later has its answer; returns why each batch not accepted was not. */
    List<String> awaitAnswers(Duration atMost) {
        try {
            CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            failures.add("not all answered within " + atMost.toSeconds() + " s");
        } catch (ExecutionException e) {
            failures.add(e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted while waiting for the answers");
        }
        return List.copyOf(failures);
    }
}
