package io.pusherpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The history case's closed loop: {@code clients} threads, each asking page after page of a random
 * channel after a random cursor ({@code limit} events, always a full page; every tenth a private channel's,
 * with its socket_id and auth), and checking each answer
 * against {@link HistoryData}: status 200, the channel, {@code limit} events of seq after+1 on in order,
 * {@code next}, and the gaps the page overlaps. One {@link Result} per run: pages/s, p50/p99, mismatches.
 */
final class HistoryLoad {

    /** What a target answered for one page: its status, channel, seqs in order, next, the number of gaps. */
    record Page(int status, String channel, long[] seqs, long next, int gaps, String error) {

        static Page of(JsonNode json) {
            JsonNode events = json.path("events");
            long[] seqs = new long[events.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = events.get(i).path("seq").asLong(-1);
            }
            return new Page(200, json.path("channel").asText(null), seqs, json.path("next").asLong(-1), json.path("gaps").size(), null);
        }
    }

    /** One target of the load: the pipeline's API, the HTTP floor's, or the JDBC floor itself. */
    interface Target {
        Page read(String channel, long after, int limit) throws Exception;
    }

    record Result(String name, long pages, long privatePages, long mismatches, double seconds, double p50Ms, double p99Ms,
                  List<String> examples, double serverCpuS, double benchCpuS) {

        /** CPU milliseconds per page of the given CPU seconds. */
        double perPage(double cpuSeconds) {
            return pages == 0 ? 0 : cpuSeconds * 1000 / pages;
        }

        double pagesPerS() {
            return pages / seconds;
        }

        String line(String database) {
            return String.format(Locale.ROOT, "BENCH-HISTORY database=%s target=%s pages=%d private_pages=%d seconds=%.1f"
                            + " pages_per_s=%.0f p50_ms=%.2f p99_ms=%.2f mismatches=%d", database, name, pages, privatePages, seconds,
                    pagesPerS(), p50Ms, p99Ms, mismatches) + String.format(Locale.ROOT, " server_cpu_ms_per_page=%.3f"
                    + " bench_jvm_cpu_ms_per_page=%.3f", perPage(serverCpuS), perPage(benchCpuS));
        }
    }

    private final HistoryData data;
    private final int clients;
    private final int limit;

    HistoryLoad(HistoryData data, int clients, int limit) {
        this.data = data;
        this.clients = clients;
        this.limit = limit;
    }

    /** The JDK HttpClient against {@code base} ({@code http://127.0.0.1:port/pusher/history}): a private channel with socket_id and auth. */
    static Target http(HttpClient client, String base) {
        return (channel, after, limit) -> {
            String uri = base + "/" + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "?after=" + after + "&limit=" + limit
                    + (HistoryData.isPrivate(channel) ? "&socket_id=" + HistoryData.SOCKET_ID + "&auth="
                    + URLEncoder.encode(HistoryData.auth(channel), StandardCharsets.UTF_8) : "");
            HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                return new Page(answer.statusCode(), null, new long[0], -1, -1,
                        new String(answer.body(), StandardCharsets.UTF_8).strip());
            }
            return Page.of(Json.MAPPER.readTree(answer.body()));
        };
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code warmupS} unrecorded, then {@code seconds} recorded, on {@code clients} threads. */
    Result run(String name, Target target, double warmupS, double seconds) throws InterruptedException {
        return run(name, target, warmupS, seconds, -1);
    }

    /** As {@link #run(String, Target, double, double)}, and the CPU time the process {@code pid} took meanwhile (and this one's). */
    Result run(String name, Target target, double warmupS, double seconds, long pid) throws InterruptedException {
        if (warmupS > 0) {
            loop(name, target, warmupS);
        }
        double cpu = cpuSeconds(pid);
        double own = cpuSeconds(ProcessHandle.current().pid());
        Result r = loop(name, target, seconds);
        return new Result(r.name(), r.pages(), r.privatePages(), r.mismatches(), r.seconds(), r.p50Ms(), r.p99Ms(), r.examples(),
                pid < 0 ? 0 : cpuSeconds(pid) - cpu, cpuSeconds(ProcessHandle.current().pid()) - own);
    }

    /** User and system CPU seconds of a process so far (/proc/PID/stat), 0 where unknown. */
    static double cpuSeconds(long pid) {
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat (utime, stime), in clock ticks (100 a second on Linux).
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private Result loop(String name, Target target, double seconds) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        AtomicLong mismatches = new AtomicLong();
        AtomicLong privatePages = new AtomicLong();
        List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    // Every tenth page of each client a private channel's (signed), the others a public one's.
                    String channel = HistoryData.channel(n % 10 == 9 || data.channels < 2 ? 10 * random.nextInt((data.channels + 9) / 10)
                            : publicChannel(random));
                    long after = random.nextLong(data.events - limit + 1);
                    long sent = System.nanoTime();
                    String wrong;
                    try {
                        wrong = check(target.read(channel, after, limit), channel, after);
                    } catch (Exception e) {
                        wrong = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    long took = System.nanoTime() - sent;
                    if (wrong != null) {
                        mismatches.incrementAndGet();
                        if (examples.size() < 5) {
                            examples.add(channel + " after=" + after + ": " + wrong);
                        }
                    }
                    if (HistoryData.isPrivate(channel)) {
                        privatePages.incrementAndGet();
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = took;
                }
                latencies[id] = mine;
                counts[id] = n;
            }, "history-load-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(name, total, privatePages.get(), mismatches.get(), elapsed, percentileMs(all, 0.50),
                percentileMs(all, 0.99), List.copyOf(examples), 0, 0);
    }

    /** A random public channel's index: one not a multiple of ten. */
    private int publicChannel(ThreadLocalRandom random) {
        while (true) {
            int i = random.nextInt(data.channels);
            if (i % 10 != 0) {
                return i;
            }
        }
    }

    /** What is wrong with the page, null when nothing is. */
    private String check(Page page, String channel, long after) {
        if (page.status() != 200) {
            return "status " + page.status() + " " + page.error();
        }
        if (!channel.equals(page.channel())) {
            return "channel " + page.channel();
        }
        if (page.seqs().length != limit) {
            return page.seqs().length + " events, expected " + limit;
        }
        for (int i = 0; i < limit; i++) {
            if (page.seqs()[i] != after + 1 + i) {
                return "event " + i + " has seq " + page.seqs()[i] + ", expected " + (after + 1 + i);
            }
        }
        if (page.next() != after + limit) {
            return "next " + page.next() + ", expected " + (after + limit);
        }
        long gaps = data.expectedGaps(after, limit);
        return page.gaps() == gaps ? null : page.gaps() + " gaps, expected " + gaps;
    }

    private static double percentileMs(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
