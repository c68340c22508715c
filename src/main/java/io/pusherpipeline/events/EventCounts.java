package io.pusherpipeline.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Pusher said back about one event asked for {@code info}: per channel, the counts it returned
 * ({@code subscription_count}, {@code user_count}).
 */
public record EventCounts(Map<String, Map<String, Object>> byChannel) {

    /**
     * Per event index, the counts of an accepted request's answer: {@code /events} answers
     * {"channels":{"ch":{...}}} for its one event, {@code /batch_events} {"batch":[{...}, ...]} in
     * the order of its events. Events Pusher said nothing about are left out.
     */
    public static Map<Integer, EventCounts> of(PublishRequest request, Object answer) {
        Map<Integer, EventCounts> counts = new LinkedHashMap<>();
        if (!(answer instanceof Map<?, ?> body)) {
            return counts;
        }
        if (body.get("channels") instanceof Map<?, ?> channels) {
            PusherEvent event = request.events().get(0);
            Map<String, Map<String, Object>> byChannel = new LinkedHashMap<>();
            for (String channel : event.channels()) {
                if (channels.get(channel) instanceof Map<?, ?> info && !info.isEmpty()) {
                    byChannel.put(channel, numbers(info));
                }
            }
            put(counts, event, byChannel);
        } else if (body.get("batch") instanceof List<?> batch) {
            for (int i = 0; i < Math.min(batch.size(), request.events().size()); i++) {
                PusherEvent event = request.events().get(i);
                if (batch.get(i) instanceof Map<?, ?> info && !info.isEmpty()) {
                    put(counts, event, Map.of(event.channels().get(0), numbers(info)));
                }
            }
        }
        return counts;
    }

    /** The subscription_count summed over the event's channels; null when Pusher gave none. */
    public Integer subscriptionCount() {
        return sum("subscription_count");
    }

    /** The user_count summed over the event's channels (a user in two channels counts twice); null when Pusher gave none. */
    public Integer userCount() {
        return sum("user_count");
    }

    private Integer sum(String count) {
        Integer total = null;
        for (Map<String, Object> info : byChannel.values()) {
            if (info.get(count) instanceof Number n) {
                total = (total == null ? 0 : total) + n.intValue();
            }
        }
        return total;
    }

    private static void put(Map<Integer, EventCounts> counts, PusherEvent event, Map<String, Map<String, Object>> byChannel) {
        if (!byChannel.isEmpty()) {
            counts.put(event.index(), new EventCounts(Map.copyOf(byChannel)));
        }
    }

    private static Map<String, Object> numbers(Map<?, ?> info) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        info.forEach((k, v) -> {
            if (v instanceof Number) {
                numbers.put(String.valueOf(k), v);
            }
        });
        return numbers;
    }
}
