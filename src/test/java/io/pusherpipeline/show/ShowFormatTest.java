package io.pusherpipeline.show;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShowFormatTest {

    @Test
    void noWebhookYetSaysHowToTurnTheReceiverOn() {
        String text = ShowFormat.webhooks(new StoredWebhooks.Summary(0, null, 0, List.of(), 0), "pusher_data");

        assertThat(text.lines()).containsExactly("",
                "Webhook events: 0 (none received; the receiver runs with pusher.webhooks.enabled=true, docs/webhooks.md)",
                "Open presence sessions: 0");
    }

    @Test
    void theLatestEventIsInUtcAndTheChannelsWithTheMostOpenSessionsComeFirstAsGiven() {
        StoredWebhooks.Summary summary = new StoredWebhooks.Summary(6, OffsetDateTime.of(2026, 12, 1, 22, 5, 9, 0, ZoneOffset.ofHours(2)), 4,
                List.of(new StoredWebhooks.OpenChannel("91", "presence-lobby", 3), new StoredWebhooks.OpenChannel("91", "presence-room", 1)), 0);

        List<String> lines = ShowFormat.webhooks(summary, "pusher_data").lines().toList();

        assertThat(lines.get(1)).isEqualTo("Webhook events: 6 (latest at 2026-12-01 20:05:09)");
        assertThat(lines.get(2)).isEqualTo("Open presence sessions: 4 (pusher_data.presence_now), the channels with the most:");
        assertThat(lines.subList(3, 6)).extracting(l -> List.of(l.strip().split("\\s+"))).containsExactly(
                List.of("app_id", "channel_name", "open"), List.of("91", "presence-lobby", "3"), List.of("91", "presence-room", "1"));
    }

    @Test
    void eventsLeftOutOfTheHistoryAreCountedWithWhereToSeeWhy() {
        StoredWebhooks.Summary summary = new StoredWebhooks.Summary(6, OffsetDateTime.of(2026, 12, 1, 22, 5, 9, 0, ZoneOffset.UTC), 0,
                List.of(), 2);

        assertThat(ShowFormat.webhooks(summary, "pusher_data").lines()).contains(
                "Left out of the history: 2 events of the wrong shape (pusher_data.webhook_rejects says why, docs/webhooks.md)");
    }
}
