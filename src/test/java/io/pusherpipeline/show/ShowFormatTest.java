package io.pusherpipeline.show;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.history.StoredHistory;
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

    @Test
    void theHistoryListsTheBusiestChannelsPerMinuteAndTheGapsStillOpen() {
        OffsetDateTime at = OffsetDateTime.of(2026, 12, 1, 22, 5, 9, 0, ZoneOffset.UTC);
        StoredHistory.Summary history = new StoredHistory.Summary(3, List.of(
                new StoredHistory.Channel("91", "orders", 25, 20, 2.5, at), new StoredHistory.Channel("91", "news", 1, 0, 0.1, at)),
                List.of(new StoredHistory.Gap("91", at, null, "connection lost: 1006")));

        List<String> lines = ShowFormat.history(history, "pusher_data").lines().toList();

        assertThat(lines.get(1)).isEqualTo("Channel history (pusher_data.channel_events): 3 channels with events in the last 10 minutes, the busiest:");
        assertThat(lines.subList(2, 5)).extracting(l -> List.of(l.strip().split("\\s+"))).containsExactly(
                List.of("app_id", "channel_name", "per_minute", "archived", "latest_at"),
                List.of("91", "orders", "2.5", "20", "2026-12-01", "22:05:09"), List.of("91", "news", "0.1", "0", "2026-12-01", "22:05:09"));
        assertThat(lines.get(5)).startsWith("Gaps, newest first");
        assertThat(lines.get(7).strip().split("\\s{2,}")).containsExactly("91", "2026-12-01 22:05:09", "(still open)", "connection lost: 1006");
    }

    @Test
    void aHistoryWithoutGapsSaysSo() {
        assertThat(ShowFormat.history(new StoredHistory.Summary(0, List.of(), List.of()), "pusher_data").lines()).containsExactly("",
                "Channel history (pusher_data.channel_events): 0 channels with events in the last 10 minutes (docs/history.md says what is kept)",
                "No gaps: the archiver was never disconnected (or never ran)");
    }
}
