package io.pusherpipeline.snapshot;

import static io.pusherpipeline.snapshot.SnapshotRouteTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code pusher.snapshot.subscription-count=true} and a prefix filter: the requests they cost, the counts they give. */
class SubscriptionCountTest extends SnapshotRouteTestSupport {

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.setProperty("pusher.snapshot.subscription-count", "true");
        p.setProperty("pusher.snapshot.filter-by-prefix", "pr");
        return p;
    }


    @Test
    void oneRequestPerNonPresenceChannelAndOnlyChannelsWithThePrefix() throws Exception {
        pusher.volunteerCounts(false).channel("orders", 2).channel("private-a", 3).channel("private-b", 4)
                .members("presence-room", "alice");

        takeSnapshot();

        assertThat(rows("SELECT channel_name, subscription_count, user_count FROM pusher_data.apps_channels ORDER BY channel_name"))
                .containsExactly(row("presence-room", null, 1), row("private-a", 3, null), row("private-b", 4, null));
        assertThat(pusher.requests()).hasSize(4).contains("GET /apps/4242/channels?filter_by_prefix=pr",
                "GET /apps/4242/channels/private-a?info=subscription_count",
                "GET /apps/4242/channels/private-b?info=subscription_count",
                "GET /apps/4242/channels/presence-room/users");
    }

    @Test
    void aRefusalOfSubscriptionCountNamesTheAppSetting() throws Exception {
        pusher.channel("private-a", 3).answer(".*/private-a", 400, "subscription_count is not enabled for this app");

        takeSnapshot();

        assertThat((String) rows("SELECT error FROM pusher_data.pusher_loads").get(0).get(0))
                .contains("HTTP 400", "Enable subscription counting", "pusher.snapshot.subscription-count=false");
    }
}
