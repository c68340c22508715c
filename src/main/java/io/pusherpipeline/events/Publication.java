package io.pusherpipeline.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One call of {@code direct:pusher-publish}: its events, which of them were already published, and what Pusher answered. */
public final class Publication {

    private final String source;
    private final List<PusherEvent> events;
    private final Set<String> alreadyPublished;
    private final List<PublishRequest> requests;
    private final Map<Integer, Integer> statusByIndex = new LinkedHashMap<>();
    private final Map<Integer, EventCounts> countsByIndex = new LinkedHashMap<>();
    private final long startedNanos = System.nanoTime();

    public Publication(String source, List<PusherEvent> events, Set<String> alreadyPublished, List<PublishRequest> requests) {
        this.source = source;
        this.events = List.copyOf(events);
        this.alreadyPublished = Set.copyOf(alreadyPublished);
        this.requests = List.copyOf(requests);
    }

    public String getSource() {
        return source;
    }

    public List<PublishRequest> getRequests() {
        return requests;
    }

    /** The app of the first request Pusher has not accepted yet ("" for the app of pusher.app-id): the one a failure is about. */
    public String pendingApp() {
        return requests.stream().filter(r -> !statusByIndex.containsKey(r.events().get(0).index()))
                .map(PublishRequest::app).findFirst().orElse("");
    }

    void accepted(PublishRequest request, int status, Map<Integer, EventCounts> counts) {
        request.events().forEach(e -> statusByIndex.put(e.index(), status));
        countsByIndex.putAll(counts);
    }

    /**
     * Per event, in input order: index, event_key, status (published or already-published), http_status,
     * and info (per channel, the counts Pusher returned) when the event asked for info and Pusher said.
     */
    public List<Map<String, Object>> outcomes() {
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (PusherEvent event : events) {
            String key = event.key(source);
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("index", event.index());
            outcome.put("event_key", key);
            outcome.put("status", alreadyPublished.contains(key) ? "already-published" : "published");
            outcome.put("http_status", statusByIndex.get(event.index()));
            EventCounts counts = countsByIndex.get(event.index());
            if (counts != null) {
                outcome.put("info", counts.byChannel());
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** One line: what was sent, what was skipped, in how many requests and how long. */
    public String getSummary() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        int sent = statusByIndex.size();
        return String.format(Locale.ROOT, "Published %s: %d %s in %d %s%s, %.2f s", source, sent, sent == 1 ? "event" : "events",
                requests.size(), requests.size() == 1 ? "request" : "requests",
                alreadyPublished.isEmpty() ? "" : " (" + alreadyPublished.size() + " already published before, skipped)", seconds);
    }
}
