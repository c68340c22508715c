package io.pusherpipeline.snapshot;

import io.pusherpipeline.channels.ChannelIterator;
import io.pusherpipeline.channels.ChannelState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The channels of a streamed channel list that need a request of their own (presence channels
 * when members are fetched, the others when their subscription counts are), for the split. The
 * rest go to the load's rows as they are read, a few at a time, and are not kept; without
 * members, presence channels go with their counts from the presence-only list asked before.
 */
final class ChannelsToAsk extends ChannelIterator {

    // Complete channels handed to the rows together: one at a time costs the writer a hand-over each.
    private static final int HANDED_OVER = 64;

    private final Snapshot snapshot;
    private final ChannelIterator channels;
    private final boolean members;
    private final boolean subscriptionCounts;
    private final Map<String, Integer> userCounts;
    private List<ChannelState> complete = new ArrayList<>(HANDED_OVER);

    ChannelsToAsk(Snapshot snapshot, ChannelIterator channels, boolean members, boolean subscriptionCounts,
                  Map<String, Integer> userCounts) {
        this.snapshot = snapshot;
        this.userCounts = userCounts;
        this.channels = channels;
        this.members = members;
        this.subscriptionCounts = subscriptionCounts;
    }

    /**
     * A failure while reading (a list that breaks off) is the snapshot's, raised at its end: one
     * thrown here, inside the split's own iteration, Camel only logs.
     */
    @Override
    protected ChannelState read() {
        try {
            ChannelState toAsk = nextToAsk();
            if (toAsk == null) {
                handOver();
            }
            return toAsk;
        } catch (RuntimeException e) {
            snapshot.abandon(e);
            return null;
        }
    }

    /** Camel's split closes its iterator when it ends, however it ends: the list's body goes with it. */
    @Override
    public void close() {
        channels.close();
    }

    private ChannelState nextToAsk() {
        while (!snapshot.isAbandoned() && channels.hasNext()) {
            ChannelState channel = channels.next();
            if (channel.isPresence() ? members : subscriptionCounts) {
                return channel;
            }
            Integer userCount = channel.isPresence() ? userCounts.get(channel.name()) : null;
            complete.add(userCount == null ? channel : channel.withUserCount(userCount));
            if (complete.size() == HANDED_OVER) {
                handOver();
            }
        }
        return null;
    }

    private void handOver() {
        if (!complete.isEmpty()) {
            snapshot.addAll(complete);
            complete = new ArrayList<>(HANDED_OVER);
        }
    }
}
