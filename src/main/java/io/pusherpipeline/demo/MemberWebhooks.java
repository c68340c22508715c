package io.pusherpipeline.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The webhook events Pusher sends when presence members come and go, as pure functions of who
 * was there and who is: {@code member_added} / {@code member_removed}, and {@code channel_occupied}
 * / {@code channel_vacated} when a channel gets its first member or loses its last.
 */
final class MemberWebhooks {

    private MemberWebhooks() {
    }

    /** From the members of each channel {@code before} to those {@code after} (every channel a key of {@code after}). */
    static List<Map<String, Object>> changes(Map<String, List<String>> before, Map<String, List<String>> after) {
        List<Map<String, Object>> events = new ArrayList<>();
        after.forEach((channel, now) -> {
            List<String> was = before.getOrDefault(channel, List.of());
            was.stream().filter(user -> !now.contains(user)).forEach(user -> events.add(member("member_removed", channel, user)));
            if (!was.isEmpty() && now.isEmpty()) {
                events.add(channel("channel_vacated", channel));
            }
            if (was.isEmpty() && !now.isEmpty()) {
                events.add(channel("channel_occupied", channel));
            }
            now.stream().filter(user -> !was.contains(user)).forEach(user -> events.add(member("member_added", channel, user)));
        });
        return events;
    }

    /** {@code user} joins {@code channel}, which occupies it when nobody else is there. */
    static List<Map<String, Object>> joined(String channel, String user, boolean alone) {
        return alone ? List.of(channel("channel_occupied", channel), member("member_added", channel, user))
                : List.of(member("member_added", channel, user));
    }

    /** {@code user} leaves {@code channel}, which vacates it when nobody else is there. */
    static List<Map<String, Object>> left(String channel, String user, boolean alone) {
        return alone ? List.of(member("member_removed", channel, user), channel("channel_vacated", channel))
                : List.of(member("member_removed", channel, user));
    }

    /** Every channel emptied: what an app that stopped leaves behind, and closes every session still open. */
    static List<Map<String, Object>> vacated(Collection<String> channels) {
        return channels.stream().map(channel -> channel("channel_vacated", channel)).toList();
    }

    private static Map<String, Object> member(String name, String channel, String user) {
        return Map.of("name", name, "channel", channel, "user_id", user);
    }

    private static Map<String, Object> channel(String name, String channel) {
        return Map.of("name", name, "channel", channel);
    }
}
