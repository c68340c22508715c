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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The webhook load generator: signed batches of {@link #EVENTS_PER_BATCH} distinct events, member
 * churn over many presence channels (a member joins a channel, and leaves it a few batches later;
 * a channel keeps at least 3 members once filled, so it is never vacated), sent open loop at a
 * given rate, in the arrival shape of a {@link WebhookOrder}. Batches are made in time order
 * (time_ms rising per batch); the shape permutes them, sends some again late, and picks the
 * receiver. A non-200 answer or a failed request is sent again after 1, 2, 4, 8 and 16 s, as
 * Pusher retries, then given up. Each answer's time counts from when its send was due, not sent,
 * so a receiver that falls behind shows it in p99 instead of slowing the generator down.
 * Two generators made alike send the same batches, so the pipeline and the floor get the same load;
 * each keeps the sessions its events must leave ({@link #sessions()}).
 */
final class WebhookLoad {

    static final int EVENTS_PER_BATCH = 20;
    static final String CHANNEL_PREFIX = "presence-bench-";
    /** Pusher counts an answer later than this as a failure. */
    static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(4);
    private static final int MEMBERS_PER_CHANNEL = 4;
    private static final long[] RESEND_AFTER_S = {1, 2, 4, 8, 16};

    /** One part of a run, by when its answers came. */
    record Interval(double fromS, double toS, long answers, long okEvents, long non200, long late, double p50Ms, double p99Ms) {

        double okPerS() {
            return okEvents / Math.max(1e-9, toS - fromS);
        }
    }

    /** One run at one rate, as measured; {@code okEvents} counts every send answered 200, duplicates included. */
    record Step(String target, WebhookOrder order, int offeredPerS, double seconds, long sends, long okEvents, long non200,
                long late, long gaveUp, long resends, long retried, long toAll, String retryDelayS, double p50Ms, double p99Ms,
                List<Interval> intervals) {

        double okPerS() {
            return okEvents / seconds;
        }

        /** Kept up: every send answered 200 within 4 s, nearly at the offered rate, p99 under half a second. */
        boolean sustained() {
            return non200 == 0 && late == 0 && okPerS() >= 0.95 * offeredPerS && p99Ms < 500;
        }

        String line() {
            return String.format(Locale.ROOT, "BENCH-WEBHOOK-STEP target=%s order=%s offered_events_per_s=%d seconds=%.1f"
                    + " ok_events_per_s=%.0f p50_ms=%.1f p99_ms=%.1f late_answers=%d non_200=%d gave_up=%d resends=%d"
                    + " retried=%d sent_to_both=%d retry_delay_s=%s sustained=%s", target, order.label(), offeredPerS, seconds,
                    okPerS(), p50Ms, p99Ms, late, non200, gaveUp, resends, retried, toAll, retryDelayS, sustained());
        }

        List<String> intervalLines() {
            return intervals.stream().map(i -> String.format(Locale.ROOT, "BENCH-WEBHOOK-INTERVAL target=%s order=%s"
                    + " offered_events_per_s=%d from_s=%.0f to_s=%.0f ok_events_per_s=%.0f p50_ms=%.1f p99_ms=%.1f"
                    + " late_answers=%d non_200=%d answers=%d", target, order.label(), offeredPerS, i.fromS(), i.toS(),
                    i.okPerS(), i.p50Ms(), i.p99Ms(), i.late(), i.non200(), i.answers())).toList();
        }
    }

    /** A send waiting for its time: a batch sent again late, or again after a non-200 answer. */
    private record Later(byte[] body, long dueNanos, int attempt) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Later) other).dueNanos);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final List<URI> receivers;
    private final int maxInFlight;
    private final WebhookOrder order;
    private final Random random;
    private final List<ArrayDeque<Integer>> present = new ArrayList<>();
    private final ExpectedSessions sessions = new ExpectedSessions();
    private long batches;
    private long lastTimeMs;
    private long added;
    private long removed;
    private long nextReceiver;

    /**
     * {@code receivers} ports on 127.0.0.1 with {@code path}: as many as the order has receivers (one
     * port given twice makes two receivers of one server).
     */
    WebhookLoad(String target, List<Integer> ports, String path, int channels, int maxInFlight, WebhookOrder order, long seed) {
        if (channels < EVENTS_PER_BATCH) {
            // A channel at most once per batch: a member's join and leave never share a time_ms.
            throw new IllegalArgumentException("Parameter [webhook-channels] must be at least " + EVENTS_PER_BATCH + ", not " + channels);
        }
        if (ports.size() != order.receivers) {
            throw new IllegalArgumentException(order.label() + " sends to " + order.receivers + " receivers, not " + ports.size());
        }
        this.target = target;
        this.receivers = ports.stream().map(p -> URI.create("http://127.0.0.1:" + p + path)).toList();
        this.maxInFlight = maxInFlight;
        this.order = order;
        this.random = new Random(seed);
        for (int i = 0; i < channels; i++) {
            present.add(new ArrayDeque<>());
        }
    }

    static String channel(int index) {
        return CHANNEL_PREFIX + index;
    }

    /** member_added events made so far (each one session); member_removed events made so far. */
    long added() {
        return added;
    }

    long removed() {
        return removed;
    }

    /** The sessions this load's events must leave. */
    ExpectedSessions sessions() {
        return sessions;
    }

    /**
     * Sends {@code eventsPerS} for {@code seconds} in the load's shape, then whatever is still due
     * (late copies, resends), and waits for every answer. {@code intervalS}: the length of each
     * reported part, by when its answers came (the last part also takes the answers after the end).
     */
    Step run(int eventsPerS, double seconds, double intervalS) throws InterruptedException {
        long count = Math.max(1, Math.round(eventsPerS * seconds / EVENTS_PER_BATCH));
        long interval = Math.round(1e9 * EVENTS_PER_BATCH / eventsPerS);
        long span = count * interval;
        double[] delay = WebhookOrder.retryDelaySeconds(span / 1e9);
        long minDelay = Math.round(delay[0] * 1e9);
        long maxDelay = Math.round(delay[1] * 1e9);
        // Only a batch due at least minDelay before the end can come again within the run: those get a
        // larger share, so that retriedShare of all batches come again.
        double retryChance = order.retriedShare * span / Math.max(1, span - minDelay);
        Semaphore inFlight = new Semaphore(maxInFlight);
        DelayQueue<Later> later = new DelayQueue<>();
        AtomicLong pending = new AtomicLong(); // sends queued in later or waiting for their answer
        long start = System.nanoTime();
        long startWallMs = System.currentTimeMillis();
        Recorder recorder = new Recorder(start, Math.round(intervalS * 1e9), (int) Math.max(1, Math.ceil(span / (intervalS * 1e9) - 1e-9)));
        Sender sender = new Sender(inFlight, later, pending, recorder);
        List<byte[]> window = new ArrayList<>();
        long retried = 0;
        long toAll = 0;
        for (long i = 0; i < count; i++) {
            if (i % order.window == 0) {
                window.clear();
                for (long j = i; j < Math.min(count, i + order.window); j++) {
                    window.add(nextBatch(startWallMs + j * interval / 1_000_000));
                }
                Collections.shuffle(window, random);
            }
            long due = start + i * interval;
            for (Later l; (l = later.poll()) != null; ) {
                sender.send(l.body(), l.dueNanos(), l.attempt(), nextReceiver(), true);
            }
            LockSupport.parkNanos(due - System.nanoTime());
            byte[] body = window.get((int) (i % order.window));
            boolean toEvery = order.toAllShare > 0 && random.nextDouble() < order.toAllShare;
            if (toEvery) {
                toAll++;
                for (URI receiver : receivers) {
                    sender.send(body, due, 0, receiver, false);
                }
            } else {
                sender.send(body, due, 0, nextReceiver(), false);
            }
            long offset = i * interval;
            if (order.retriedShare > 0 && offset + minDelay <= span && random.nextDouble() < retryChance) {
                long wait = minDelay + (long) (random.nextDouble() * (Math.min(maxDelay, span - offset) - minDelay));
                pending.incrementAndGet();
                later.add(new Later(body, due + wait, 0));
                retried++;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2) + Math.max(0, start + span + maxDelay - System.nanoTime());
        while (pending.get() > 0) {
            Later l = later.poll(50, TimeUnit.MILLISECONDS);
            if (l != null) {
                sender.send(l.body(), l.dueNanos(), l.attempt(), nextReceiver(), true);
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException(target + " did not answer every batch within 2 minutes of the run's end");
            }
        }
        inFlight.acquire(maxInFlight);
        double took = (System.nanoTime() - start) / 1e9;
        return recorder.step(target, order, eventsPerS, took, sender, retried, toAll,
                order.retriedShare > 0 ? Bench.fmt(delay[0]) + ".." + Bench.fmt(delay[1]) : "none");
    }

    private URI nextReceiver() {
        return receivers.get((int) (nextReceiver++ % receivers.size()));
    }

    /** Sends and their answers; a non-200 answer queues the next attempt. */
    private final class Sender {
        private final Semaphore inFlight;
        private final DelayQueue<Later> later;
        private final AtomicLong pending;
        private final Recorder recorder;
        private final AtomicLong sends = new AtomicLong();
        private final AtomicLong resends = new AtomicLong();
        private final AtomicLong gaveUp = new AtomicLong();

        Sender(Semaphore inFlight, DelayQueue<Later> later, AtomicLong pending, Recorder recorder) {
            this.inFlight = inFlight;
            this.later = later;
            this.pending = pending;
            this.recorder = recorder;
        }

        /**
         * One POST of {@code body}, due at {@code due}; {@code attempt} 0 for a first send or a late copy,
         * {@code queued} when it comes from {@code later} (counted in pending when it was queued).
         */
        void send(byte[] body, long due, int attempt, URI receiver, boolean queued) throws InterruptedException {
            inFlight.acquire();
            if (!queued) {
                pending.incrementAndGet();
            }
            sends.incrementAndGet();
            if (attempt > 0) {
                resends.incrementAndGet();
            }
            post(receiver, body).whenComplete((status, error) -> {
                long now = System.nanoTime();
                boolean ok = error == null && status == 200;
                recorder.answer(now, now - due, ok);
                if (!ok && attempt < RESEND_AFTER_S.length) {
                    later.add(new Later(body, now + TimeUnit.SECONDS.toNanos(RESEND_AFTER_S[attempt]), attempt + 1));
                } else {
                    if (!ok) {
                        gaveUp.incrementAndGet();
                    }
                    pending.decrementAndGet();
                }
                inFlight.release();
            });
        }
    }

    /** Every answer's time, in parts by when it came. */
    private static final class Recorder {
        private final long start;
        private final long partNanos;
        private final List<long[]> latencies = new ArrayList<>();
        private final int[] sizes;
        private final long[] okEvents;
        private final long[] non200;
        private final long[] late;
        private long lastAnswer;

        Recorder(long start, long partNanos, int parts) {
            this.start = start;
            this.partNanos = partNanos;
            this.sizes = new int[parts];
            this.okEvents = new long[parts];
            this.non200 = new long[parts];
            this.late = new long[parts];
            for (int i = 0; i < parts; i++) {
                latencies.add(new long[1024]);
            }
        }

        synchronized void answer(long at, long latencyNanos, boolean ok) {
            int part = (int) Math.min(sizes.length - 1, Math.max(0, (at - start) / partNanos));
            long[] values = latencies.get(part);
            if (sizes[part] == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
                latencies.set(part, values);
            }
            values[sizes[part]++] = latencyNanos;
            if (ok) {
                okEvents[part] += EVENTS_PER_BATCH;
            } else {
                non200[part]++;
            }
            if (latencyNanos > LATE_NANOS) {
                late[part]++;
            }
            lastAnswer = Math.max(lastAnswer, at);
        }

        synchronized Step step(String target, WebhookOrder order, int offered, double took, Sender sender, long retried, long toAll,
                               String retryDelay) {
            List<Interval> intervals = new ArrayList<>();
            long[] all = new long[Arrays.stream(sizes).sum()];
            int filled = 0;
            for (int p = 0; p < sizes.length; p++) {
                long[] values = Arrays.copyOf(latencies.get(p), sizes[p]);
                System.arraycopy(values, 0, all, filled, values.length);
                filled += values.length;
                Arrays.sort(values);
                double from = p * partNanos / 1e9;
                double to = p == sizes.length - 1 ? Math.max(took, from + 1e-3) : (p + 1) * partNanos / 1e9;
                intervals.add(new Interval(from, to, values.length, okEvents[p], non200[p], late[p], percentile(values, 0.50),
                        percentile(values, 0.99)));
            }
            Arrays.sort(all);
            return new Step(target, order, offered, took, sender.sends.get(), Arrays.stream(okEvents).sum(), Arrays.stream(non200).sum(),
                    Arrays.stream(late).sum(), sender.gaveUp.get(), sender.resends.get(), retried, toAll, retryDelay,
                    percentile(all, 0.50), percentile(all, 0.99), List.copyOf(intervals));
        }
    }

    private CompletableFuture<Integer> post(URI receiver, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(receiver).header("Content-Type", "application/json")
                .header("X-Pusher-Key", BenchPusher.KEY)
                .header("X-Pusher-Signature", WebhookSignature.sign(BenchPusher.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /**
     * The next batch, stamped {@code plannedMs} (its slot's time, at least 1 ms after the last batch):
     * 20 consecutive channels (round robin over all of them), in each a new member joins, or, once it
     * has {@value #MEMBERS_PER_CHANNEL}, its longest present member leaves. Every event is distinct,
     * and made in time order after the jar's first snapshot, as real webhooks are; the order decides
     * whether they also arrive so.
     */
    byte[] nextBatch(long plannedMs) {
        long timeMs = Math.max(plannedMs, lastTimeMs + 1);
        lastTimeMs = timeMs;
        StringBuilder json = new StringBuilder(2048).append("{\"time_ms\":").append(timeMs).append(",\"events\":[");
        for (int e = 0; e < EVENTS_PER_BATCH; e++) {
            int index = (int) ((batches * EVENTS_PER_BATCH + e) % present.size());
            ArrayDeque<Integer> members = present.get(index);
            boolean leave = members.size() >= MEMBERS_PER_CHANNEL;
            int user;
            if (leave) {
                user = members.removeFirst();
                sessions.leave(user, timeMs);
                removed++;
            } else {
                user = sessions.join(index, timeMs);
                members.addLast(user);
                added++;
            }
            json.append(e == 0 ? "" : ",").append("{\"name\":\"").append(leave ? "member_removed" : "member_added")
                    .append("\",\"channel\":\"").append(channel(index)).append("\",\"user_id\":\"")
                    .append(ExpectedSessions.user(user)).append("\"}");
        }
        batches++;
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        return sortedNanos[Math.min(sortedNanos.length - 1, (int) Math.floor(p * sortedNanos.length))] / 1e6;
    }
}
