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
 * Tells when the heap has run out: a full garbage collection (the JVM's last resort) that leaves
 * more than 70% of the heap in use, or collections taking more than 40% of the last 10 seconds.
 * Past that point a snapshot crawls from one collection to the next, or an OutOfMemoryError
 * strands it; failing it at once, saying what to do, lets the process go on. The JDK reports
 * collections; no library judges them, hence this class.
 */
final class HeapExhaustion implements NotificationListener {

    static final String ADVICE = "Give the JVM more heap (java -Xmx...), or split the app's channels into smaller snapshots"
            + " with pusher.snapshot.filter-by-prefix";
    // Measured with a million channels: 64 MB heaps stay well below both and load; 40 MB ones crawl.
    private static final double FULL = 0.7;
    private static final long WINDOW_MS = 10_000;
    private static final double COLLECTING = 0.4;

    private final Consumer<String> onExhausted;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    // The collections of the last WINDOW_MS: when each ended and how long it took (ms since the JVM started).
    private final Deque<long[]> recent = new ArrayDeque<>();
    private long recentMs;

    private HeapExhaustion(Consumer<String> onExhausted) {
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
    public synchronized void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long max = Runtime.getRuntime().maxMemory();
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream().filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
        if (info.getGcAction().contains("major") && used > FULL * max) {
            onExhausted.accept(String.format(Locale.ROOT, "Out of memory: %d of the %d MB heap still in use after a full garbage"
                    + " collection. %s", used >> 20, max >> 20, ADVICE));
        } else if (collectingShare(info.getGcInfo().getEndTime(), info.getGcInfo().getDuration()) > COLLECTING) {
            onExhausted.accept(String.format(Locale.ROOT, "Out of memory: garbage collection took more than %.0f%% of the last %d s"
                    + " (%d of the %d MB heap in use after the last one). %s", COLLECTING * 100, WINDOW_MS / 1000,
                    used >> 20, max >> 20, ADVICE));
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
