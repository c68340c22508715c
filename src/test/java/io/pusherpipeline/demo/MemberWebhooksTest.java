package io.pusherpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberWebhooksTest {

    @Test
    void whoCameAndWentBecomesMemberEventsAndAChannelEmptiedOrFilledIsVacatedOrOccupied() {
        Map<String, List<String>> before = new LinkedHashMap<>();
        before.put("presence-lobby", List.of("alice", "bob"));
        before.put("presence-game", List.of("judy"));
        before.put("presence-room", List.of());
        Map<String, List<String>> after = new LinkedHashMap<>();
        after.put("presence-lobby", List.of("alice", "dave"));
        after.put("presence-game", List.of());
        after.put("presence-room", List.of("ivan"));

        assertThat(MemberWebhooks.changes(before, after)).containsExactly(
                Map.of("name", "member_removed", "channel", "presence-lobby", "user_id", "bob"),
                Map.of("name", "member_added", "channel", "presence-lobby", "user_id", "dave"),
                Map.of("name", "member_removed", "channel", "presence-game", "user_id", "judy"),
                Map.of("name", "channel_vacated", "channel", "presence-game"),
                Map.of("name", "channel_occupied", "channel", "presence-room"),
                Map.of("name", "member_added", "channel", "presence-room", "user_id", "ivan"));
    }

    @Test
    void nobodyCameOrWentIsNoEvent() {
        Map<String, List<String>> same = Map.of("presence-lobby", List.of("alice"), "presence-room", List.of());

        assertThat(MemberWebhooks.changes(same, same)).isEmpty();
    }

    @Test
    void aVisitorAloneOccupiesTheChannelAndVacatesIt() {
        assertThat(MemberWebhooks.joined("presence-game", "peggy", true)).containsExactly(
                Map.of("name", "channel_occupied", "channel", "presence-game"),
                Map.of("name", "member_added", "channel", "presence-game", "user_id", "peggy"));
        assertThat(MemberWebhooks.left("presence-game", "peggy", true)).containsExactly(
                Map.of("name", "member_removed", "channel", "presence-game", "user_id", "peggy"),
                Map.of("name", "channel_vacated", "channel", "presence-game"));
        assertThat(MemberWebhooks.joined("presence-lobby", "oscar", false))
                .containsExactly(Map.of("name", "member_added", "channel", "presence-lobby", "user_id", "oscar"));
    }
}
