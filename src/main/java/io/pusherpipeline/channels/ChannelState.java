package io.pusherpipeline.channels;

import java.util.List;

/**
 * One occupied channel as a snapshot saw it. Counts are null when Pusher did not say;
 * {@code userIds} is null unless the members were fetched.
 */
public record ChannelState(String name, ChannelType type, Integer subscriptionCount, Integer userCount,
                           List<String> userIds) {

    public static ChannelState of(String name, Integer subscriptionCount, Integer userCount) {
        return new ChannelState(name, ChannelType.of(name), subscriptionCount, userCount, null);
    }

    public boolean isPresence() {
        return type.hasMembers();
    }

    public ChannelState withMembers(List<String> members) {
        return new ChannelState(name, type, subscriptionCount, members.size(), List.copyOf(members));
    }

    public ChannelState withUserCount(Integer count) {
        return new ChannelState(name, type, subscriptionCount, count, userIds);
    }

    public ChannelState withSubscriptionCount(Integer count) {
        return new ChannelState(name, type, count, userCount, userIds);
    }
}
