package io.pusherpipeline.webhooks;

import io.pusherpipeline.history.ChannelEvent;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code channel_events} rows of a batch's new client events: one each, in the order Pusher sent them. */
final class ClientEvents {

    private ClientEvents() {
    }

    /**
     * The client events among {@code events} whose keys are in {@code added}, by time_ms (batches merged
     * per app keep each its own) and then their place in the batch. Text is already stored form, and the
     * webhook event's key is theirs: a batch delivered again adds none.
     */
    static List<ChannelEvent> of(List<WebhookEvent> events, Set<String> added) {
        Set<String> taken = new HashSet<>();
        return events.stream().filter(e -> e.isChannelEvent() && added.contains(e.eventKey()) && taken.add(e.eventKey()))
                .sorted(Comparator.comparingLong(WebhookEvent::timeMs))
                .map(e -> new ChannelEvent(e.appId(), e.channel(), e.clientEvent(), e.data(), e.userId(), e.socketId(),
                        ChannelEvent.CLIENT_EVENT, e.time().atOffset(ZoneOffset.UTC), e.eventKey()))
                .toList();
    }
}
