package io.pusherpipeline.snapshot;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Tells when the heap has run out, from the collections the JVM decided on: a full collection (the
 * JVM's last resort) that leaves more than 70% of the heap in use, two within 10 seconds that each
 * leave more than 60%, or collections taking more than 40% of the last 10 seconds. Past that point
 * a snapshot crawls from one collection to the next, or an OutOfMemoryError strands it; failing it
 * at once, saying what to do, lets the process go on. The JDK reports collections; no library
 * judges them, hence this class.
 */
final class HeapExhaustion implements NotificationListener {

    static final String ADVICE = "Give the JVM more heap (java -Xmx...), or split the app's channels into smaller snapshots"
            + " with pusher.snapshot.filter-by-prefix";
    // Low enough to fail a heap too small for its snapshot within seconds, high enough to let one that fits load.
    private static final double FULL = 0.7;
    private static final double CROWDED = 0.6;
    private static final long WINDOW_MS = 10_000;
    private static final double COLLECTING = 0.4;
    // Asked for by someone (System.gc(), jcmd GC.run, a heap dump), not forced by a lack of memory.
    private static final Set<String> REQUESTED = Set.of("System.gc()", "Diagnostic Command", "Heap Inspection Initiated GC",
            "Heap Dump Initiated GC");

    /** One finished collection: its cause, whether it was a full one, when it ended and how long it took (ms), the heap after it. */
    record Collection(String cause, boolean full, long endMs, long durationMs, long usedBytes, long maxBytes) {
    }

    private final Consumer<String> onExhausted;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    // The collections of the last WINDOW_MS: when each ended and how long it took (ms since the JVM started).
    private final Deque<long[]> recent = new ArrayDeque<>();
    private long recentMs;
    private long lastCrowdedFullMs = -1;

    HeapExhaustion(Consumer<String> onExhausted) {
        this.onExhausted = onExhausted;
    }

    /**
     * Calls {@code onExhausted} with what happened and what to do, from the JDK's notification
     * thread, until the returned action stops the watch.
     */
    static Runnable watch(Consumer<String> onExhausted) {
        HeapExhaustion listener = new HeapExhaustion(onExhausted);
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        return () -> emitters.forEach(emitter -> {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Already gone.
            }
        });
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream().filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
        judge(new Collection(info.getGcCause(), info.getGcAction().contains("major"), info.getGcInfo().getEndTime(),
                info.getGcInfo().getDuration(), used, Runtime.getRuntime().maxMemory()));
    }

    /** Calls {@code onExhausted} if this collection, with the ones before it, says the heap has run out. */
    synchronized void judge(Collection gc) {
        if (REQUESTED.contains(gc.cause())) {
            return;
        }
        boolean crowded = gc.full() && gc.usedBytes() > CROWDED * gc.maxBytes();
        boolean crowdedAgain = crowded && lastCrowdedFullMs >= 0 && gc.endMs() - lastCrowdedFullMs <= WINDOW_MS;
        if (crowded) {
            lastCrowdedFullMs = gc.endMs();
        }
        String heap = String.format(Locale.ROOT, "%d of the %d MB heap", gc.usedBytes() >> 20, gc.maxBytes() >> 20);
        if (gc.full() && gc.usedBytes() > FULL * gc.maxBytes()) {
            onExhausted.accept("Out of memory: " + heap + " still in use after a full garbage collection. " + ADVICE);
        } else if (crowdedAgain) {
            onExhausted.accept(String.format(Locale.ROOT, "Out of memory: two full garbage collections within %d s, the last leaving"
                    + " %s in use. %s", WINDOW_MS / 1000, heap, ADVICE));
        } else if (collectingShare(gc.endMs(), gc.durationMs()) > COLLECTING) {
            onExhausted.accept(String.format(Locale.ROOT, "Out of memory: garbage collection took more than %.0f%% of the last %d s"
                    + " (%s in use after the last one). %s", COLLECTING * 100, WINDOW_MS / 1000, heap, ADVICE));
        }
    }

    /** The share of the last WINDOW_MS spent collecting, once the JVM has run that long. */
    private double collectingShare(long endMs, long durationMs) {
        recent.addLast(new long[] {endMs, durationMs});
        recentMs += durationMs;
        while (recent.peekFirst()[0] < endMs - WINDOW_MS) {
            recentMs -= recent.removeFirst()[1];
        }
        return endMs < WINDOW_MS ? 0 : (double) recentMs / WINDOW_MS;
    }
}
