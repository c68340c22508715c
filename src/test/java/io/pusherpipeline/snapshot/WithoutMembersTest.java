package io.pusherpipeline.snapshot;

import static io.pusherpipeline.snapshot.SnapshotRouteTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code pusher.snapshot.users=false}: user counts from one presence-only list, no member rows. */
class WithoutMembersTest extends SnapshotRouteTestSupport {

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.setProperty("pusher.snapshot.users", "false");
        return p;
    }


    @Test
    void presenceUserCountsComeFromAPresenceOnlyListFirstAndNoMembersAreFetched() throws Exception {
        pusher.volunteerCounts(false).channel("orders", 2)
                .members("presence-room", "alice", "bob").members("presence-cache-lobby", "carol");

        takeSnapshot();

        assertThat(rows("SELECT channel_name, user_count FROM pusher_data.apps_channels ORDER BY channel_name"))
                .containsExactly(row("orders", null), row("presence-cache-lobby", 1), row("presence-room", 2));
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.channels_channel_users")).containsExactly(row(0L));
        assertThat(pusher.requests()).containsExactly("GET /apps/4242/channels?filter_by_prefix=presence-&info=user_count",
                "GET /apps/4242/channels");
        assertThat(rows("SELECT status, user_count, request_count FROM pusher_data.pusher_loads"))
                .containsExactly(row("loaded", 3, 2));
    }

    @Test
    void aPresenceListLargerThanMemoryKeepsStillGivesEveryCount() throws Exception {
        // Above camel.main.stream-caching-spool-threshold (1 MB): the answer waits in a temporary file.
        for (int i = 0; i < 25_000; i++) {
            pusher.members("presence-room-" + i, "user-" + i, "guest-" + i);
        }

        takeSnapshot();

        assertThat(context.getStreamCachingStrategy().isSpoolEnabled()).as("the shipped settings spool large answers").isTrue();
        assertThat(rows("SELECT COUNT(*), SUM(user_count) FROM pusher_data.apps_channels")).containsExactly(row(25_000L, 50_000L));
        assertThat(rows("SELECT status, user_count FROM pusher_data.pusher_loads")).containsExactly(row("loaded", 50_000));
    }
}
