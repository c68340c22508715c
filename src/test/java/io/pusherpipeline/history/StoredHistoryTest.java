package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.TestDatabase;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What show and the dashboard read of the history, from real H2 tables: only the last minutes count, busiest first. */
class StoredHistoryTest {

    private final TestDatabase db = TestDatabase.h2();

    @Test
    void theChannelsOfTheLastMinutesComeBusiestFirstWithTheirArchivedShareAndTheGapsNewestFirst() throws Exception {
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
        db.execute(event("orders", 1, "archiver", 1), event("orders", 2, "archiver", 2), event("orders", 3, "published", 3),
                event("news", 1, "published", 4), event("old", 1, "published", 60 * 24),
                "INSERT INTO pusher_data.channel_gaps (app_id, started_at, ended_at, reason) VALUES"
                        + " ('7', CURRENT_TIMESTAMP - INTERVAL '2' HOUR, CURRENT_TIMESTAMP - INTERVAL '1' HOUR, 'first'),"
                        + " ('7', CURRENT_TIMESTAMP - INTERVAL '1' MINUTE, NULL, 'second')");

        StoredHistory.Summary summary;
        try (Connection c = db.connect()) {
            summary = StoredHistory.read(c, "pusher_data");
        }

        assertThat(summary.channelsInWindow()).isEqualTo(2);
        assertThat(summary.channels()).extracting(StoredHistory.Channel::channel, StoredHistory.Channel::events,
                StoredHistory.Channel::archived, StoredHistory.Channel::perMinute)
                .containsExactly(tuple("orders", 3L, 2L, 0.3), tuple("news", 1L, 0L, 0.1));
        assertThat(summary.gaps()).extracting(StoredHistory.Gap::reason).containsExactly("second", "first");
        assertThat(summary.gaps().get(0).endedAt()).isNull();
    }

    private static String event(String channel, long seq, String source, int minutesAgo) {
        return "INSERT INTO pusher_data.channel_events (app_id, channel_name, seq, event_name, data, source, occurred_at, event_key)"
                + " VALUES ('7', '" + channel + "', " + seq + ", 'e', '{}', '" + source + "', CURRENT_TIMESTAMP - INTERVAL '"
                + minutesAgo + "' MINUTE, '" + channel + seq + "')";
    }
}
