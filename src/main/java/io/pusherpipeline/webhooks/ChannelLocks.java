package io.pusherpipeline.webhooks;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets batches of disjoint channels be stored at the same time while those sharing a channel
 * (or a batch and its repeat) take turns in this process, so that they never collide in the
 * database: a fixed set of locks, each channel hashed to one, taken in ascending order.
 */
final class ChannelLocks {

    private final ReentrantLock[] stripes;

    /** {@code stripes} 1: one batch at a time. */
    ChannelLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    <T> T holding(WebhookBatch batch, Supplier<T> work) {
        boolean[] needed = new boolean[stripes.length];
        for (WebhookEvent e : batch.events()) {
            String channel = e.channel() == null ? "" : e.channel();
            needed[Math.floorMod((batch.appId() + "\n" + channel).hashCode(), stripes.length)] = true;
        }
        int held = 0;
        try {
            for (; held < stripes.length; held++) {
                if (needed[held]) {
                    stripes[held].lock();
                }
            }
            return work.get();
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                if (needed[i]) {
                    stripes[i].unlock();
                }
            }
        }
    }
}
