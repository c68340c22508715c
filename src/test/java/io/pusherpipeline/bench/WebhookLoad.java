package io.pusherpipeline.bench;

import io.pusherpipeline.signing.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The webhook load generator: signed batches of {@link #EVENTS_PER_BATCH} distinct events, member
 * churn over many presence channels (a member joins a channel, and leaves it a few batches later),
 * sent open loop at a given rate. Each answer's time counts from when its batch was due, not sent,
 * so a receiver that falls behind shows it in p99 instead of slowing the generator down.
 * Two generators made alike send the same batches, so the pipeline and the floor get the same load.
 */
final class WebhookLoad {

    static final int EVENTS_PER_BATCH = 20;
    static final String CHANNEL_PREFIX = "presence-bench-";
    private static final int MEMBERS_PER_CHANNEL = 4;

    /** One step at one rate, as measured. */
    record Step(String target, int offeredPerS, double seconds, long okEvents, long failedBatches, double p50Ms, double p99Ms) {

        double okPerS() {
            return okEvents / seconds;
        }

        /** Kept up: every batch answered 200, nearly at the offered rate, p99 under half a second. */
        boolean sustained() {
            return failedBatches == 0 && okPerS() >= 0.95 * offeredPerS && p99Ms < 500;
        }

        String line() {
            return String.format(Locale.ROOT, "BENCH-WEBHOOK-STEP target=%s offered_events_per_s=%d ok_events_per_s=%.0f"
                    + " p50_ms=%.1f p99_ms=%.1f failed_batches=%d sustained=%s", target, offeredPerS, okPerS(), p50Ms, p99Ms,
                    failedBatches, sustained());
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final URI uri;
    private final int maxInFlight;
    private final List<ArrayDeque<String>> present = new ArrayList<>();
    private long batches;
    private long lastTimeMs;
    private long nextUser;
    private long added;
    private long removed;

    WebhookLoad(String target, int port, String path, int channels, int maxInFlight) {
        this.target = target;
        this.uri = URI.create("http://127.0.0.1:" + port + path);
        this.maxInFlight = maxInFlight;
        for (int i = 0; i < channels; i++) {
            present.add(new ArrayDeque<>());
        }
    }

    static String channel(int index) {
        return CHANNEL_PREFIX + index;
    }

    /** member_added events sent so far (each one session); member_removed events sent so far. */
    long added() {
        return added;
    }

    long removed() {
        return removed;
    }

    /** Sends {@code eventsPerS} for {@code seconds}, then waits for every answer. */
    Step run(int eventsPerS, double seconds) throws InterruptedException {
        long count = Math.max(1, Math.round(eventsPerS * seconds / EVENTS_PER_BATCH));
        long interval = Math.round(1e9 * EVENTS_PER_BATCH / eventsPerS);
        long[] latencies = new long[(int) count];
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            LockSupport.parkNanos(due - System.nanoTime());
            byte[] body = nextBatch();
            inFlight.acquire();
            int index = i;
            send(body).whenComplete((status, error) -> {
                latencies[index] = System.nanoTime() - due;
                if (error == null && status == 200) {
                    ok.addAndGet(EVENTS_PER_BATCH);
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(maxInFlight, 2, TimeUnit.MINUTES)) {
            throw new IllegalStateException(target + " did not answer within 2 minutes");
        }
        double took = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Step(target, eventsPerS, took, ok.get(), failed.get(), percentile(latencies, 0.50),
                percentile(latencies, 0.99));
    }

    private CompletableFuture<Integer> send(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("X-Pusher-Key", BenchPusher.KEY)
                .header("X-Pusher-Signature", WebhookSignature.sign(BenchPusher.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /**
     * The next batch: 20 consecutive channels (round robin over all of them), in each a new member
     * joins, or, once it has {@value #MEMBERS_PER_CHANNEL}, its longest present member leaves.
     * time_ms is the clock's, one more than the last batch's at least: every event is distinct, and each
     * channel's events come in time order after the jar's first snapshot, as real webhooks do (older
     * events would take the receiver's late-event path, which derives the channel's history again).
     */
    byte[] nextBatch() {
        long timeMs = Math.max(System.currentTimeMillis(), lastTimeMs + 1);
        lastTimeMs = timeMs;
        StringBuilder json = new StringBuilder(2048).append("{\"time_ms\":").append(timeMs).append(",\"events\":[");
        for (int e = 0; e < EVENTS_PER_BATCH; e++) {
            int index = (int) ((batches * EVENTS_PER_BATCH + e) % present.size());
            ArrayDeque<String> members = present.get(index);
            boolean leave = members.size() >= MEMBERS_PER_CHANNEL;
            String user = leave ? members.removeFirst() : "user-" + nextUser++;
            if (leave) {
                removed++;
            } else {
                members.addLast(user);
                added++;
            }
            json.append(e == 0 ? "" : ",").append("{\"name\":\"").append(leave ? "member_removed" : "member_added")
                    .append("\",\"channel\":\"").append(channel(index)).append("\",\"user_id\":\"").append(user).append("\"}");
        }
        batches++;
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double percentile(long[] sortedNanos, double p) {
        return sortedNanos[Math.min(sortedNanos.length - 1, (int) Math.floor(p * sortedNanos.length))] / 1e6;
    }
}
