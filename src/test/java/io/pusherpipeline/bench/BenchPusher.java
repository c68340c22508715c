package io.pusherpipeline.bench;

import io.pusherpipeline.testing.FakePusher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A case's app on a {@link FakePusher}: {@code channels} occupied channels, {@code presence} of
 * them presence channels with {@code members} members each, every answer {@code latencyMs} late
 * (a timer sends it: waiting costs no thread); and the traffic it saw, as the bench reports it.
 */
final class BenchPusher implements AutoCloseable {

    static final String APP_ID = "5005";
    static final String KEY = "bench-key";
    static final String SECRET = "bench-secret";

    private final FakePusher pusher = FakePusher.start(APP_ID, KEY, SECRET);
    private final long latencyNanos;

    BenchPusher(int channels, int presence, int members, long latencyMs) {
        if (presence > channels) {
            throw new IllegalArgumentException("Parameter [presence] must be at most channels");
        }
        latencyNanos = Duration.ofMillis(latencyMs).toNanos();
        pusher.delay(".*", Duration.ofMillis(latencyMs));
        for (String channel : channelsInOrderMade(channels, presence)) {
            if (channel.startsWith("presence-")) {
                String[] ids = new String[members];
                for (int m = 0; m < members; m++) {
                    ids[m] = memberId(channel, m);
                }
                pusher.members(channel, ids);
            } else {
                pusher.channel(channel, 3);
            }
        }
    }

    /** A case's channel names in the order they are made: presence-room-0, ..., public-room-{presence}, .... */
    static List<String> channelsInOrderMade(int channels, int presence) {
        return IntStream.range(0, channels).mapToObj(i -> (i < presence ? "presence-room-" : "public-room-") + i).toList();
    }

    /** The {@code m}th member of a case's presence channel. */
    static String memberId(String presenceChannel, int m) {
        return "user-" + presenceChannel.substring("presence-room-".length()) + "-" + m;
    }

    int port() {
        return pusher.port();
    }

    /** The settings that point the jar at this server. */
    Map<String, String> env(int concurrency) {
        Map<String, String> env = new HashMap<>(pusher.jarEnvironment());
        env.put("PUSHER_HTTP_CONCURRENCY", Integer.toString(concurrency));
        return env;
    }

    void forgetRequests() {
        pusher.forgetRequests();
    }

    /** The channels in the order the pipeline reads them. */
    List<String> listedChannels() {
        return pusher.listedChannels();
    }

    int requests() {
        return pusher.requests().size();
    }

    int refusedSignatures() {
        return pusher.refusedSignatures().size();
    }

    /** {@link System#nanoTime()} of the first request since {@link #forgetRequests()}, 0 if none. */
    long firstRequestNanos() {
        return pusher.arrivals().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** {@link System#nanoTime()} at which the last answer left, 0 if none. */
    long lastAnswerNanos() {
        return pusher.arrivals().stream().mapToLong(Long::longValue).max().orElse(-latencyNanos) + latencyNanos;
    }

    /** The most requests waiting for their answer at one time: those that arrived less than the latency apart. */
    int maxInFlight() {
        List<Long> arrivals = pusher.arrivals().stream().sorted().toList();
        int most = 0;
        for (int last = 0, first = 0; last < arrivals.size(); last++) {
            while (first < last && arrivals.get(first) <= arrivals.get(last) - latencyNanos) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** Requests that arrived in each second from the first one. */
    List<Integer> requestsPerSecond() {
        List<Integer> perSecond = new ArrayList<>();
        long first = firstRequestNanos();
        for (long at : pusher.arrivals()) {
            int second = (int) ((at - first) / 1_000_000_000L);
            while (perSecond.size() <= second) {
                perSecond.add(0);
            }
            perSecond.set(second, perSecond.get(second) + 1);
        }
        return perSecond;
    }

    @Override
    public void close() {
        pusher.close();
    }
}
