package io.pusherpipeline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import io.pusherpipeline.encryption.ChannelEncryption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One call to Pusher: a batch of single-channel events ({@code POST /batch_events}) or one event
 * for several channels ({@code POST /events}), all to one app ({@code app} its name, "" for the app
 * of pusher.app-id; {@code appId} its id, in the path). {@code events} are as given (the journal's keys),
 * {@code sent} as sent: sealed once for a private-encrypted- channel, so a retry sends, and the
 * history keeps, the same ciphertext.
 */
public record PublishRequest(String path, List<PusherEvent> events, List<PusherEvent> sent, String app, String appId) {

    private static final ObjectMapper JSON = Json.MAPPER;

    public PublishRequest {
        if (sent.size() != events.size()) {
            throw new IllegalArgumentException("Parameter [sent] must hold one event for each of events, was: " + sent.size() + " for " + events.size());
        }
        if (events.stream().anyMatch(e -> !e.app().equals(app))) {
            throw new IllegalArgumentException("Parameter [events] must all go to app \"" + app + "\": a request goes to one app");
        }
    }

    /** A request to the app of pusher.app-id, its id not known here. */
    public PublishRequest(String path, List<PusherEvent> events, List<PusherEvent> sent) {
        this(path, events, sent, events.isEmpty() ? "" : events.get(0).app(), "");
    }

    /** A request without a master key: nothing to seal. */
    public PublishRequest(String path, List<PusherEvent> events) {
        this(path, events, events);
    }

    /** Events to private-encrypted- channels sealed with {@code encryption} (a fresh nonce each). */
    public PublishRequest(String path, List<PusherEvent> events, ChannelEncryption encryption) {
        this(path, events, events.stream().map(e -> e.sealed(encryption)).toList());
    }

    /** Splits events, in their order, into requests: runs of single-channel events in batches of at most {@code batchSize}, the others alone. */
    public static List<PublishRequest> plan(List<PusherEvent> events, int batchSize) {
        return plan(events, batchSize, new ChannelEncryption());
    }

    /** As {@link #plan(List, int)}, events to private-encrypted- channels sealed with {@code encryption} when sent. */
    public static List<PublishRequest> plan(List<PusherEvent> events, int batchSize, ChannelEncryption encryption) {
        return plan(events, batchSize, encryption, app -> "");
    }

    /** As {@link #plan(List, int, ChannelEncryption)}, a batch ending where the app changes; {@code appIds} gives each app's id. */
    public static List<PublishRequest> plan(List<PusherEvent> events, int batchSize, ChannelEncryption encryption,
                                            Function<String, String> appIds) {
        return plan(events, batchSize, encryption, appIds, ListeningSocket.NONE);
    }

    /** As {@link #plan(List, int, ChannelEncryption, Function)}, each event sent past the app's {@code listener}. */
    public static List<PublishRequest> plan(List<PusherEvent> events, int batchSize, ChannelEncryption encryption,
                                            Function<String, String> appIds, ListeningSocket listener) {
        List<PublishRequest> requests = new ArrayList<>();
        List<PusherEvent> batch = new ArrayList<>();
        for (PusherEvent event : events) {
            if (!batch.isEmpty() && (!event.isBatchable() || !event.app().equals(batch.get(0).app()))) {
                requests.add(request("/batch_events", batch, encryption, appIds, listener));
                batch.clear();
            }
            if (event.isBatchable()) {
                batch.add(event);
                if (batch.size() == batchSize) {
                    requests.add(request("/batch_events", batch, encryption, appIds, listener));
                    batch.clear();
                }
            } else {
                requests.add(request("/events", List.of(event), encryption, appIds, listener));
            }
        }
        if (!batch.isEmpty()) {
            requests.add(request("/batch_events", batch, encryption, appIds, listener));
        }
        return requests;
    }

    private static PublishRequest request(String path, List<PusherEvent> events, ChannelEncryption encryption, Function<String, String> appIds,
                                          ListeningSocket listener) {
        String app = events.get(0).app();
        String appId = appIds.apply(app);
        String socket = listener.of(appId);
        return new PublishRequest(path, List.copyOf(events), events.stream().map(e -> e.sealed(encryption).skipping(socket)).toList(),
                app, appId);
    }

    /** The JSON body, as UTF-8 bytes: what is signed (body_md5) is exactly what is sent. */
    public byte[] body() {
        Object body = path.equals("/events")
                ? sent.get(0).asEventsBody()
                : Map.of("batch", sent.stream().map(PusherEvent::asBatchEntry).toList());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of strings cannot fail to serialise", e);
        }
    }
}
