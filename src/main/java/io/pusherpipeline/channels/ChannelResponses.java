package io.pusherpipeline.channels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;

/**
 * Reads Pusher's channel responses (already parsed JSON) into {@link ChannelState}s.
 * Every info attribute is optional: servers differ in what they volunteer.
 */
public final class ChannelResponses {

    /** {@code GET /apps/{id}/channels}: {@code {"channels": {"name": {"user_count": 3}, ...}}}. */
    public List<ChannelState> channelList(@Body Object response) {
        Map<?, ?> channels = field(response, "channels", "GET /channels", "an object {\"channels\": {\"name\": {...}}}");
        List<ChannelState> states = new ArrayList<>(channels.size());
        for (Map.Entry<?, ?> entry : channels.entrySet()) {
            Map<?, ?> info = entry.getValue() instanceof Map<?, ?> m ? m : Map.of();
            states.add(ChannelState.of(String.valueOf(entry.getKey()),
                    count(info.get("subscription_count")), count(info.get("user_count"))));
        }
        return states;
    }

    /** Joins {@code GET /channels/{name}/users} ({@code {"users": [{"id": "1"}, ...]}}) to its channel. */
    public ChannelState withMembers(ChannelState channel, Object response) {
        Object users = response instanceof Map<?, ?> m ? m.get("users") : null;
        if (!(users instanceof List<?> list)) {
            throw new UnexpectedResponseException("GET /channels/" + channel.name() + "/users",
                    "an object {\"users\": [{\"id\": ...}]}", response);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Object user : list) {
            Object id = user instanceof Map<?, ?> u ? u.get("id") : null;
            if (id == null) {
                throw new UnexpectedResponseException("GET /channels/" + channel.name() + "/users",
                        "every user to have an \"id\"", response);
            }
            ids.add(String.valueOf(id));
        }
        return channel.withMembers(new ArrayList<>(ids));
    }

    /** Joins {@code GET /channels/{name}?info=subscription_count} to its channel. */
    public ChannelState withSubscriptionCount(ChannelState channel, Object response) {
        Object count = response instanceof Map<?, ?> m ? m.get("subscription_count") : null;
        return channel.withSubscriptionCount(count(count));
    }

    /** Joins the user counts of a presence-only channel list to the full list. */
    public List<ChannelState> withUserCounts(List<ChannelState> channels, Object presenceList) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (ChannelState presence : channelList(presenceList)) {
            counts.put(presence.name(), presence.userCount());
        }
        List<ChannelState> joined = new ArrayList<>(channels.size());
        for (ChannelState channel : channels) {
            joined.add(counts.containsKey(channel.name()) ? channel.withUserCount(counts.get(channel.name())) : channel);
        }
        return joined;
    }

    /**
     * The prefix of the presence-only list that carries user counts: Pusher serves
     * {@code info=user_count} only when the prefix filter admits nothing but presence channels.
     */
    public static String presencePrefix(String filterByPrefix) {
        return filterByPrefix != null && filterByPrefix.startsWith("presence-") ? filterByPrefix : "presence-";
    }

    private static Map<?, ?> field(Object response, String name, String request, String expected) {
        if (response instanceof Map<?, ?> map && map.get(name) instanceof Map<?, ?> value) {
            return value;
        }
        throw new UnexpectedResponseException(request, expected, response);
    }

    private static Integer count(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }
}
