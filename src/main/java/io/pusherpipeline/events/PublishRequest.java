package io.pusherpipeline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import io.pusherpipeline.encryption.ChannelEncryption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One call to Pusher: a batch of single-channel events ({@code POST /batch_events}) or one event
 * for several channels ({@code POST /events}).
 */
public record PublishRequest(String path, List<PusherEvent> events, ChannelEncryption encryption) {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** A request without a master key: nothing to seal. */
    public PublishRequest(String path, List<PusherEvent> events) {
        this(path, events, new ChannelEncryption());
    }

    /** Splits events, in their order, into requests: runs of single-channel events in batches of at most {@code batchSize}, the others alone. */
    public static List<PublishRequest> plan(List<PusherEvent> events, int batchSize) {
        return plan(events, batchSize, new ChannelEncryption());
    }

    /** As {@link #plan(List, int)}, events to private-encrypted- channels sealed with {@code encryption} when sent. */
    public static List<PublishRequest> plan(List<PusherEvent> events, int batchSize, ChannelEncryption encryption) {
        List<PublishRequest> requests = new ArrayList<>();
        List<PusherEvent> batch = new ArrayList<>();
        for (PusherEvent event : events) {
            if (event.isBatchable()) {
                batch.add(event);
                if (batch.size() == batchSize) {
                    requests.add(new PublishRequest("/batch_events", List.copyOf(batch), encryption));
                    batch.clear();
                }
            } else {
                if (!batch.isEmpty()) {
                    requests.add(new PublishRequest("/batch_events", List.copyOf(batch), encryption));
                    batch.clear();
                }
                requests.add(new PublishRequest("/events", List.of(event), encryption));
            }
        }
        if (!batch.isEmpty()) {
            requests.add(new PublishRequest("/batch_events", List.copyOf(batch), encryption));
        }
        return requests;
    }

    /** The JSON body, as UTF-8 bytes: what is signed (body_md5) is exactly what is sent. Called once per request. */
    public byte[] body() {
        Object body = path.equals("/events")
                ? events.get(0).sealed(encryption).asEventsBody()
                : Map.of("batch", events.stream().map(e -> e.sealed(encryption).asBatchEntry()).toList());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of strings cannot fail to serialise", e);
        }
    }
}
