package io.pusherpipeline.snapshot;

import io.pusherpipeline.channels.ChannelState;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The channels of a streamed channel list that need a request of their own (presence channels
 * when members are fetched, the others when their subscription counts are), for the split. The
 * rest go to the load's rows as they are read, a few at a time, and are not kept; without
 * members, presence channels wait in {@code waitingForUserCounts} for the presence-only list of user counts.
 */
final class ChannelsToAsk implements Iterator<ChannelState>, Closeable {

    // Complete channels handed to the rows together: one at a time costs the writer a hand-over each.
    private static final int HANDED_OVER = 64;

    private final Snapshot snapshot;
    private final Iterator<ChannelState> channels;
    private final boolean members;
    private final boolean subscriptionCounts;
    private final List<ChannelState> waitingForUserCounts;
    private List<ChannelState> complete = new ArrayList<>(HANDED_OVER);
    private ChannelState next;

    ChannelsToAsk(Snapshot snapshot, Iterator<ChannelState> channels, boolean members, boolean subscriptionCounts,
                  List<ChannelState> waitingForUserCounts) {
        this.snapshot = snapshot;
        this.waitingForUserCounts = waitingForUserCounts;
        this.channels = channels;
        this.members = members;
        this.subscriptionCounts = subscriptionCounts;
    }

    /**
     * A failure while reading (a list that breaks off) is the snapshot's, raised at its end: one
     * thrown here, inside the split's own iteration, Camel only logs.
     */
    @Override
    public boolean hasNext() {
        try {
            return advance();
        } catch (RuntimeException e) {
            snapshot.abandon(e);
            return false;
        }
    }

    private boolean advance() {
        while (next == null && !snapshot.isAbandoned() && channels.hasNext()) {
            ChannelState channel = channels.next();
            if (channel.isPresence() ? members : subscriptionCounts) {
                next = channel;
            } else if (channel.isPresence()) {
                waitingForUserCounts.add(channel);
            } else {
                complete.add(channel);
                if (complete.size() == HANDED_OVER) {
                    handOver();
                }
            }
        }
        if (next == null) {
            handOver();
        }
        return next != null;
    }

    @Override
    public ChannelState next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChannelState channel = next;
        next = null;
        return channel;
    }

    /** Camel's split closes its iterator when it ends, however it ends: the list's body goes with it. */
    @Override
    public void close() throws IOException {
        if (channels instanceof Closeable closeable) {
            closeable.close();
        }
    }

    private void handOver() {
        if (!complete.isEmpty()) {
            snapshot.addAll(complete);
            complete = new ArrayList<>(HANDED_OVER);
        }
    }
}
