package io.pusherpipeline.events;

import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.storage.StoredText;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code channel_events} rows of a request Pusher accepted: one per event and channel, its data
 * as sent (the ciphertext for a private-encrypted- channel), keyed by the journal's key and the
 * channel, so an event journaled again is kept once.
 */
final class PublishedEvents {

    private PublishedEvents() {
    }

    static List<ChannelEvent> of(String appId, String source, PublishRequest request, OffsetDateTime acceptedAt) {
        List<ChannelEvent> rows = new ArrayList<>();
        for (int i = 0; i < request.events().size(); i++) {
            String journalKey = request.events().get(i).key(source);
            PusherEvent sent = request.sent().get(i);
            // The socket the event named, not the listener's it was sent past.
            String socketId = request.events().get(i).socketId();
            for (String channel : sent.channels()) {
                rows.add(new ChannelEvent(appId, channel, StoredText.store(sent.name()), StoredText.store(sent.data()), null,
                        socketId, ChannelEvent.PUBLISHED, acceptedAt, ChannelEvent.publishedKey(journalKey, channel)));
            }
        }
        return rows;
    }
}
