package io.pusherpipeline.bench;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each published event of the archiver case was first seen by one observer (the floor client, or
 * the poll of channel_events), by its sequence number: counts, repeats and publish-to-seen latency of
 * a range of sequence numbers (one step of the load).
 */
final class ArchiveArrivals {

    /** The data the load publishes: {@code {"s":SEQ,"t":SENT_MS}}. */
    static final Pattern DATA = Pattern.compile("\"s\":(\\d+),\"t\":(\\d+)");

    /** One range's outcome: distinct events seen, repeats, missing, the rate seen and the latency. */
    record Stats(int seen, int doubled, int missing, double perSecond, double p50Ms, double p99Ms, double maxMs) {
    }

    private long[] seenAt = new long[1024];
    private long[] sentAt = new long[1024];
    private int[] times = new int[1024];

    /** Parses a data text of the load's; returns false when it is not one. */
    boolean record(String data, long seenMs) {
        if (data == null) {
            return false;
        }
        Matcher m = DATA.matcher(data);
        if (!m.find()) {
            return false;
        }
        record(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), seenMs);
        return true;
    }

    synchronized void record(int seq, long sentMs, long seenMs) {
        if (seq >= times.length) {
            int size = Math.max(seq + 1, times.length * 2);
            seenAt = Arrays.copyOf(seenAt, size);
            sentAt = Arrays.copyOf(sentAt, size);
            times = Arrays.copyOf(times, size);
        }
        if (times[seq]++ == 0) {
            seenAt[seq] = seenMs;
            sentAt[seq] = sentMs;
        }
    }

    /** How often {@code seq} was seen. */
    synchronized int times(int seq) {
        return seq < times.length ? times[seq] : 0;
    }

    /** How many of [from, to) were seen at least once. */
    synchronized int seen(int from, int to) {
        int n = 0;
        for (int i = from; i < Math.min(to, times.length); i++) {
            n += times[i] > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The range's outcome. The rate is the events seen over the time from the first to the last seen:
     * an observer that keeps up sees the offered rate, one that falls behind stretches the time.
     */
    synchronized Stats stats(int from, int to) {
        int seen = 0;
        int doubled = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] latency = new long[to - from];
        for (int i = from; i < to; i++) {
            int n = i < times.length ? times[i] : 0;
            if (n == 0) {
                continue;
            }
            doubled += n - 1;
            latency[seen++] = seenAt[i] - sentAt[i];
            first = Math.min(first, seenAt[i]);
            last = Math.max(last, seenAt[i]);
        }
        long[] sorted = Arrays.copyOf(latency, seen);
        Arrays.sort(sorted);
        double perSecond = seen < 2 || last == first ? 0 : (seen - 1) * 1000.0 / (last - first);
        return new Stats(seen, doubled, (to - from) - seen, perSecond, percentile(sorted, 0.50), percentile(sorted, 0.99),
                seen == 0 ? 0 : sorted[seen - 1]);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
