package io.pusherpipeline.bench;

import io.pusherpipeline.signing.PusherSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The archiver case's publisher: signed {@code POST /apps/{id}/batch_events} of {@link #PER_REQUEST}
 * events each, sent open-loop at a rate (each request at its due time, whatever the answers before it)
 * from a small pool with the JDK's HttpClient. Event {@code seq} goes to channel {@code seq % channels}
 * with data {@code {"s":seq,"t":send time in ms}}.
 */
final class ArchiveLoad implements AutoCloseable {

    static final int PER_REQUEST = 10;
    static final String EVENT = "bench";
    private static final int MAX_IN_FLIGHT = 64;

    /** One run of the load: the events sent and answered, the rate they went out at, failed requests. */
    record Sent(int from, int to, double perSecond, int failedRequests, int late, String firstError) {
    }

    private final String baseUri;
    private final String appId;
    private final String key;
    private final String secret;
    private final List<String> channels;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final HttpClient http;
    private final java.util.BitSet failedSeqs = new java.util.BitSet();
    private int next;

    ArchiveLoad(String baseUri, String appId, String key, String secret, List<String> channels) {
        this.baseUri = baseUri;
        this.appId = appId;
        this.key = key;
        this.secret = secret;
        this.channels = channels;
        this.http = HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Whether event {@code seq} went in a request that failed (a timeout, an error answer): Pusher may or
     * may not have published it, so it may or may not be stored.
     */
    boolean failed(int seq) {
        synchronized (failedSeqs) {
            return failedSeqs.get(seq);
        }
    }

    /** The next sequence number the load will publish. */
    int next() {
        return next;
    }

    /** Publishes at {@code rate} events/s for {@code seconds}; returns once every request is answered. */
    Sent run(int rate, double seconds) throws InterruptedException {
        int requests = Math.max(1, (int) Math.round(rate * seconds / PER_REQUEST));
        int from = next;
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        int late = 0;
        double intervalNanos = 1e9 * PER_REQUEST / rate;
        long start = System.nanoTime();
        for (int r = 0; r < requests; r++) {
            long due = start + (long) (r * intervalNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -50_000_000L) {
                late++;
            }
            if (!inFlight.tryAcquire()) {
                late++;
                inFlight.acquire();
            }
            int first = next;
            HttpRequest request = request(first, System.currentTimeMillis());
            next += PER_REQUEST;
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
                inFlight.release();
                String problem = e != null ? e.toString() : response.statusCode() != 200 || response.body().contains("\"error\"")
                        ? "HTTP " + response.statusCode() + " " + response.body() : null;
                if (problem != null) {
                    synchronized (failedSeqs) {
                        failedSeqs.set(first, first + PER_REQUEST);
                    }
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, problem);
                }
            });
        }
        double sentSeconds = (System.nanoTime() - start) / 1e9;
        inFlight.acquire(MAX_IN_FLIGHT);
        inFlight.release(MAX_IN_FLIGHT);
        return new Sent(from, next, (next - from) / Math.max(sentSeconds, 1e-9), failed.get(), late, firstError.get());
    }

    /** One signed batch of events {@code first} .. {@code first + PER_REQUEST - 1}. */
    private HttpRequest request(int first, long sentMs) {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int seq = first; seq < first + PER_REQUEST; seq++) {
            body.append(seq == first ? "" : ",").append("{\"name\":\"").append(EVENT).append("\",\"channel\":\"")
                    .append(channels.get(seq % channels.size())).append("\",\"data\":\"{\\\"s\\\":").append(seq)
                    .append(",\\\"t\\\":").append(sentMs).append("}\"}");
        }
        byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        String path = "/apps/" + appId + "/batch_events";
        Map<String, String> params = new LinkedHashMap<>();
        params.put("auth_key", key);
        params.put("auth_timestamp", Long.toString(sentMs / 1000));
        params.put("auth_version", "1.0");
        params.put("body_md5", PusherSignature.bodyMd5(bytes));
        params.put("auth_signature", PusherSignature.sign(secret, "POST", path, params));
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return HttpRequest.newBuilder(URI.create(baseUri + path + "?" + query)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
