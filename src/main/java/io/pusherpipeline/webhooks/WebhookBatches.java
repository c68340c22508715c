package io.pusherpipeline.webhooks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several batches stored in one transaction: merged into one unit per app (so each statement covers
 * all their events), and the new events counted back per batch.
 */
final class WebhookBatches {

    private WebhookBatches() {
    }

    /** One batch per app holding the events and rejects of all its batches, in order; each keeps its own time_ms. */
    static Collection<WebhookBatch> byApp(List<WebhookBatch> batches) {
        Map<String, List<WebhookEvent>> events = new LinkedHashMap<>();
        Map<String, List<WebhookReject>> rejects = new LinkedHashMap<>();
        Map<String, Long> firstTime = new LinkedHashMap<>();
        for (WebhookBatch batch : batches) {
            events.computeIfAbsent(batch.appId(), app -> new ArrayList<>()).addAll(batch.events());
            rejects.computeIfAbsent(batch.appId(), app -> new ArrayList<>()).addAll(batch.rejects());
            firstTime.putIfAbsent(batch.appId(), batch.timeMs());
        }
        List<WebhookBatch> merged = new ArrayList<>();
        events.forEach((app, list) -> merged.add(new WebhookBatch(app, firstTime.get(app), List.copyOf(list),
                List.copyOf(rejects.get(app)))));
        return merged;
    }

    /**
     * How many of each batch's events were new ({@code added}: the keys stored); an event in two batches
     * of the group counts for the first, as if they had come one after the other.
     */
    static List<Integer> newPerBatch(List<WebhookBatch> batches, Set<String> added) {
        Set<String> counted = new HashSet<>();
        List<Integer> counts = new ArrayList<>();
        for (WebhookBatch batch : batches) {
            counts.add((int) batch.events().stream().map(WebhookEvent::eventKey)
                    .filter(key -> added.contains(key) && counted.add(key)).count());
        }
        return counts;
    }
}
