package io.pusherpipeline.snapshot;

import io.pusherpipeline.channels.ChannelState;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What a snapshot's channels add up to, counted as they arrive, so that rows streamed to the sink need no list. */
final class ChannelCounts {

    private final AtomicInteger channels = new AtomicInteger();
    private final AtomicInteger presence = new AtomicInteger();
    private final AtomicLong members = new AtomicLong();
    private final AtomicLong memberRows = new AtomicLong();
    private final AtomicInteger knownUserCounts = new AtomicInteger();

    void count(ChannelState channel) {
        channels.incrementAndGet();
        if (channel.isPresence()) {
            presence.incrementAndGet();
        }
        if (channel.userCount() != null) {
            members.addAndGet(channel.userCount());
            knownUserCounts.incrementAndGet();
        }
        if (channel.userIds() != null) {
            memberRows.addAndGet(channel.userIds().size());
        }
    }

    int channels() {
        return channels.get();
    }

    long presence() {
        return presence.get();
    }

    long memberRows() {
        return memberRows.get();
    }

    /** Members summed over presence channels; null when no count is known at all. */
    Integer users() {
        return knownUserCounts.get() > 0 ? Integer.valueOf((int) members.get()) : presence() == 0 ? Integer.valueOf(0) : null;
    }
}
