package io.pusherpipeline.snapshot;

import static io.pusherpipeline.snapshot.SnapshotRouteTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code pusher.snapshot.users=false} with a prefix filter no presence channel passes: no list of user counts is asked. */
class WithoutMembersOfOtherChannelsTest extends SnapshotRouteTestSupport {

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.setProperty("pusher.snapshot.users", "false");
        p.setProperty("pusher.snapshot.filter-by-prefix", "private-");
        return p;
    }

    @Test
    void oneRequestWhenTheFilterAdmitsNoPresenceChannel() throws Exception {
        pusher.channel("private-a", 3).members("presence-room", "alice");

        takeSnapshot();

        assertThat(rows("SELECT channel_name, subscription_count FROM pusher_data.apps_channels")).containsExactly(row("private-a", 3));
        assertThat(pusher.requests()).containsExactly("GET /apps/4242/channels?filter_by_prefix=private-");
    }
}
