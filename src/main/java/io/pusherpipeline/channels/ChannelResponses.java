package io.pusherpipeline.channels;

import io.pusherpipeline.api.UnexpectedResponseException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads Pusher's channel responses into {@link ChannelState}s.
 * Every info attribute is optional: servers differ in what they volunteer.
 */
public final class ChannelResponses {

    /** {@code GET /apps/{id}/channels}, read channel by channel as its body streams in. */
    public ChannelList channelList(@Body InputStream body, @Header(Exchange.HTTP_PATH) String path) {
        return ChannelList.read(body, path);
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

    /**
     * The user counts of a presence-only channel list, read whole while its answer is still open
     * (a large answer waits in a temporary file, gone once the route that asked for it ends).
     */
    public Map<String, Integer> userCounts(@Body InputStream body, @Header(Exchange.HTTP_PATH) String path) {
        Map<String, Integer> counts = new HashMap<>();
        try (ChannelList list = ChannelList.read(body, path)) {
            list.forEachRemaining(listed -> counts.put(listed.name(), listed.userCount()));
        }
        return counts;
    }

    /**
     * The prefix of the presence-only list that carries user counts: Pusher serves
     * {@code info=user_count} only when the prefix filter admits nothing but presence channels.
     */
    public static String presencePrefix(String filterByPrefix) {
        return filterByPrefix != null && filterByPrefix.startsWith("presence-") ? filterByPrefix : "presence-";
    }

    /** Whether a list filtered by {@code filterByPrefix} can hold presence channels. */
    public static boolean admitsPresence(String filterByPrefix) {
        return filterByPrefix.startsWith("presence-") || "presence-".startsWith(filterByPrefix);
    }

    private static Integer count(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }
}
