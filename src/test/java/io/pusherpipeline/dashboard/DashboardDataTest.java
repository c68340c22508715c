package io.pusherpipeline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.StoredText;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.TestDatabase;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The dashboard's figures from real H2 tables: a presence channel's chart follows its webhook sessions, in steps. */
class DashboardDataTest {

    private final TestDatabase db = TestDatabase.h2();

    @Test
    void aChannelWithSessionsIsChartedFromThemOneStepPerJoinAndLeave() throws Exception {
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        db.execute("INSERT INTO pusher_data.pusher_loads (load_id, app_id, started_at, finished_at, status) VALUES"
                        + " ('00000000-0000-0000-0000-000000000001', '7', TIMESTAMP WITH TIME ZONE '" + now.minusMinutes(1) + "',"
                        + " TIMESTAMP WITH TIME ZONE '" + now.minusMinutes(1) + "', 'loaded')",
                "INSERT INTO pusher_data.apps_channels (load_id, app_id, snapshot_at, channel_name, channel_type, subscription_count, user_count)"
                        + " VALUES ('00000000-0000-0000-0000-000000000001', '7', TIMESTAMP WITH TIME ZONE '" + now.minusMinutes(1) + "',"
                        + " 'presence-lobby', 'presence', 1, 1)",
                session("alice", now.minusHours(8), null),
                session("bob", now.minusMinutes(30), now.minusMinutes(10)),
                session("carol", now.minusHours(9), now.minusHours(7)));

        DashboardData.Page page;
        try (Connection c = db.connect()) {
            page = DashboardData.read(c, "pusher_data");
        }

        assertThat(page.channels().total()).isEqualTo(1);
        PresenceSeries.Series lobby = page.presence().get(0);
        assertThat(lobby.source()).isEqualTo("sessions");
        // alice was there when the 6-hour window began; bob came and went; carol left before it.
        assertThat(lobby.points()).extracting(PresenceSeries.Point::members).containsExactly(1, 2, 1, 1);
        assertThat(lobby.points().get(1).at().toInstant()).isEqualTo(now.minusMinutes(30).toInstant());
    }

    @Test
    void theSessionsOfAChannelAreFoundByTheNameAsTheWebhookStoredIt() throws Exception {
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        String name = StoredText.MARKER + "lobby";
        db.execute("INSERT INTO pusher_data.pusher_loads (load_id, app_id, started_at, finished_at, status) VALUES"
                        + " ('00000000-0000-0000-0000-000000000001', '7', TIMESTAMP WITH TIME ZONE '" + now.minusMinutes(1) + "',"
                        + " TIMESTAMP WITH TIME ZONE '" + now.minusMinutes(1) + "', 'loaded')",
                "INSERT INTO pusher_data.apps_channels (load_id, app_id, snapshot_at, channel_name, channel_type, subscription_count, user_count)"
                        + " VALUES ('00000000-0000-0000-0000-000000000001', '7', TIMESTAMP WITH TIME ZONE '" + now.minusMinutes(1) + "',"
                        + " '" + name + "', 'presence', 1, 1)",
                session(StoredText.store(name), "alice", now.minusMinutes(30), null));

        DashboardData.Page page;
        try (Connection c = db.connect()) {
            page = DashboardData.read(c, "pusher_data");
        }

        PresenceSeries.Series lobby = page.presence().get(0);
        assertThat(lobby.channel()).isEqualTo(name);
        assertThat(lobby.source()).isEqualTo("sessions");
        assertThat(lobby.points()).extracting(PresenceSeries.Point::members).containsExactly(0, 1, 1);
        // A history of half an hour is drawn from its first join, not as a step at the edge of 6 hours.
        assertThat(lobby.points().get(0).at().toInstant()).isEqualTo(now.minusMinutes(30).toInstant());
    }

    private static String session(String user, OffsetDateTime joined, OffsetDateTime left) {
        return session("presence-lobby", user, joined, left);
    }

    private static String session(String channel, String user, OffsetDateTime joined, OffsetDateTime left) {
        return "INSERT INTO pusher_data.presence_sessions (app_id, channel_name, user_id, joined_at, left_at, joined_by, left_by)"
                + " VALUES ('7', '" + channel + "', '" + user + "', TIMESTAMP WITH TIME ZONE '" + joined + "', "
                + (left == null ? "NULL" : "TIMESTAMP WITH TIME ZONE '" + left + "'") + ", 'webhook', "
                + (left == null ? "NULL" : "'webhook'") + ")";
    }
}
