package io.pusherpipeline.show;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.TestDatabase;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What {@code show} reads from real H2 tables: channel names as the webhooks gave them, not as stored. */
class StoredWebhooksTest {

    private final TestDatabase db = TestDatabase.h2();

    @Test
    void anEscapedChannelNameIsListedAsItWasReceived() throws Exception {
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
        String received = StoredText.MARKER + "lobby";
        db.execute(openSession(StoredText.store(received), "alice"), openSession(StoredText.store(received), "bob"),
                openSession("presence-room", "carol"));

        StoredWebhooks.Summary summary;
        try (Connection c = db.connect()) {
            summary = StoredWebhooks.read(c, "pusher_data", 3);
        }

        assertThat(summary.openSessions()).isEqualTo(3);
        assertThat(summary.topChannels()).containsExactly(new StoredWebhooks.OpenChannel("7", received, 2),
                new StoredWebhooks.OpenChannel("7", "presence-room", 1));
    }

    private static String openSession(String channel, String user) {
        return "INSERT INTO pusher_data.presence_sessions (app_id, channel_name, user_id, joined_at, joined_by)"
                + " VALUES ('7', '" + channel + "', '" + user + "', CURRENT_TIMESTAMP, 'webhook')";
    }
}
