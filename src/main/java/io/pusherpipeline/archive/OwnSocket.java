package io.pusherpipeline.archive;

import io.pusherpipeline.webhooks.WebhookBatch;
import io.pusherpipeline.webhooks.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Keeps the archiver's own subscription out of {@code channel_occupancy}. Pusher sends
 * {@code channel_vacated} only when the archiver leaves, after a {@code subscription_count} of 1 told it it
 * was alone; so that count, on a channel it was subscribed to before the count's time, is the channel's
 * vacating, and a count of 2 or more after it (a client back before the archiver left) its occupying again.
 * They are added to the batch as {@code channel_vacated} / {@code channel_occupied} events at the count's
 * time_ms, marked in {@code data} and keyed from the count's own key (a batch delivered again adds none).
 * The derivation ignores the real {@code channel_vacated} that follows: the channel is vacated already.
 */
final class OwnSocket {

    /** The {@code data} of an added event in webhook_events: says it was not received. */
    static final String VACATED = "pusher-pipeline: subscription_count 1, the archiver alone";
    static final String OCCUPIED = "pusher-pipeline: subscription_count over 1 after the archiver was alone";

    private OwnSocket() {
    }

    /**
     * The batch with the events that its subscription_counts mean for occupancy; {@code subscribed} the archiver's
     * channels with when it subscribed, {@code alone} those where a count of 1 said it was alone, with the count's time.
     */
    static WebhookBatch leftOut(WebhookBatch batch, Map<String, Instant> subscribed, Map<String, Instant> alone) {
        List<WebhookEvent> added = new ArrayList<>();
        for (WebhookEvent e : batch.events()) {
            if (!"subscription_count".equals(e.name()) || e.channel() == null || e.subscriptionCount() == null) {
                continue;
            }
            Instant since = subscribed.get(e.channel());
            Instant aloneSince = alone.get(e.channel());
            if (e.subscriptionCount() == 1 && since != null && since.isBefore(e.time())) {
                added.add(event(e, WebhookEvent.CHANNEL_VACATED, VACATED));
            } else if (e.subscriptionCount() > 1 && aloneSince != null && aloneSince.isBefore(e.time())) {
                added.add(event(e, WebhookEvent.CHANNEL_OCCUPIED, OCCUPIED));
            }
        }
        if (added.isEmpty()) {
            return batch;
        }
        added.addAll(0, batch.events());
        return new WebhookBatch(batch.appId(), batch.timeMs(), List.copyOf(added), batch.rejects());
    }

    private static WebhookEvent event(WebhookEvent count, String name, String data) {
        return new WebhookEvent(sha256(name + "\n" + count.eventKey()), count.appId(), count.timeMs(), name, count.channel(),
                null, null, data, null, null);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
