package io.pusherpipeline.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRouteTest extends SnapshotRouteTestSupport {

    private static final String ODD = "presence-a_b-c=d@e,f.g;h";


    @Test
    void channelsOfEveryKindAndPresenceMembersLandInTheTables() throws Exception {
        pusher.channel("orders", 3).channel("private-billing", 1).channel("private-encrypted-x", 2)
                .channel("cache-prices", 4).channel("#server-to-user-42", 1)
                .members("presence-room", "alice", "bob")
                .members("presence-cache-lobby", "carol")
                .members(ODD, "user;1@x,=.", "bob");

        takeSnapshot();

        assertThat(rows("SELECT status, channel_count, user_count, request_count, error FROM pusher_data.pusher_loads"))
                .containsExactly(row("loaded", 8, 5, 4, null));
        assertThat(rows("SELECT channel_name, channel_type, subscription_count, user_count FROM pusher_data.apps_channels"
                + " ORDER BY channel_name")).containsExactly(
                row("#server-to-user-42", "server-to-user", 1, null),
                row("cache-prices", "cache", 4, null),
                row("orders", "public", 3, null),
                row(ODD, "presence", 2, 2),
                row("presence-cache-lobby", "presence-cache", 1, 1),
                row("presence-room", "presence", 2, 2),
                row("private-billing", "private", 1, null),
                row("private-encrypted-x", "private-encrypted", 2, null));
        assertThat(rows("SELECT channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY channel_name, user_id"))
                .containsExactly(row(ODD, "bob"), row(ODD, "user;1@x,=."), row("presence-cache-lobby", "carol"),
                        row("presence-room", "alice"), row("presence-room", "bob"));
        assertThat(pusher.refusedSignatures()).isEmpty();
        assertThat(pusher.requests()).hasSize(4).allMatch(r -> !r.contains("/channels/orders")
                && !r.contains("private-billing") && !r.contains("cache-prices"));
    }

    @Test
    void theSampleQueriesOfTheReadmeWorkAsWritten() throws Exception {
        pusher.members("presence-room", "alice");

        takeSnapshot();
        takeSnapshot();

        assertThat(rows("SELECT * FROM pusher_data.apps_channels LIMIT 10")).hasSize(2);
        assertThat(rows("SELECT channel_name, user_count FROM pusher_data.current_channels"))
                .containsExactly(row("presence-room", 1));
    }

    @Test
    void anAppWithNoChannelsLoadsAnEmptySnapshot() throws Exception {
        takeSnapshot();

        assertThat(rows("SELECT status, channel_count, user_count, request_count FROM pusher_data.pusher_loads"))
                .containsExactly(row("loaded", 0, 0, 1));
        assertThat(rows("SELECT * FROM pusher_data.apps_channels")).isEmpty();
    }

    @Test
    void aPresenceChannelThatEmptiedBeforeItsMembersCallHasZeroMembers() throws Exception {
        pusher.members("presence-gone").channel("presence-gone", 1);

        takeSnapshot();

        assertThat(rows("SELECT status FROM pusher_data.pusher_loads")).containsExactly(row("loaded"));
        assertThat(rows("SELECT channel_name, user_count FROM pusher_data.apps_channels"))
                .containsExactly(row("presence-gone", 0));
    }

    @Test
    void infoAttributesMissingFromTheListAreStoredAsNull() throws Exception {
        pusher.volunteerCounts(false).channel("orders", 3).members("presence-room", "alice");

        takeSnapshot();

        assertThat(rows("SELECT channel_name, subscription_count, user_count FROM pusher_data.apps_channels ORDER BY channel_name"))
                .containsExactly(row("orders", null, null), row("presence-room", null, 1));
    }

    @Test
    void aFailedMembersCallFailsTheLoadAndLeavesNoRowsOfIt() throws Exception {
        pusher.channel("orders", 1).members("presence-ok", "alice").members("presence-broken", "bob")
                .answer(".*/presence-broken/users", 500, "internal error");

        takeSnapshot();

        List<List<Object>> loads = rows("SELECT status, error FROM pusher_data.pusher_loads");
        assertThat(loads).hasSize(1);
        assertThat(loads.get(0).get(0)).isEqualTo("failed");
        assertThat((String) loads.get(0).get(1)).contains("HTTP 500", "presence-broken", "internal error")
                .doesNotContain(SECRET);
        assertThat(rows("SELECT * FROM pusher_data.apps_channels")).isEmpty();
        assertThat(rows("SELECT * FROM pusher_data.channels_channel_users")).isEmpty();
    }

    static List<Object> row(Object... values) {
        return java.util.Arrays.asList(values);
    }
}
