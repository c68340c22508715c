package io.pusherpipeline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One call to Pusher: a batch of single-channel events ({@code POST /batch_events}) or one event
 * for several channels ({@code POST /events}).
 */
public record PublishRequest(String path, List<PusherEvent> events) {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** Splits events, in their order, into requests: runs of single-channel events in batches of at most {@code batchSize}. */
    public static List<PublishRequest> plan(List<PusherEvent> events, int batchSize) {
        List<PublishRequest> requests = new ArrayList<>();
        List<PusherEvent> batch = new ArrayList<>();
        for (PusherEvent event : events) {
            if (event.isSingleChannel()) {
                batch.add(event);
                if (batch.size() == batchSize) {
                    requests.add(new PublishRequest("/batch_events", List.copyOf(batch)));
                    batch.clear();
                }
            } else {
                if (!batch.isEmpty()) {
                    requests.add(new PublishRequest("/batch_events", List.copyOf(batch)));
                    batch.clear();
                }
                requests.add(new PublishRequest("/events", List.of(event)));
            }
        }
        if (!batch.isEmpty()) {
            requests.add(new PublishRequest("/batch_events", List.copyOf(batch)));
        }
        return requests;
    }

    /** The JSON body, as UTF-8 bytes: what is signed (body_md5) is exactly what is sent. */
    public byte[] body() {
        Object body = path.equals("/events")
                ? events.get(0).asEventsBody()
                : Map.of("batch", events.stream().map(PusherEvent::asBatchEntry).toList());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of strings cannot fail to serialise", e);
        }
    }
}
