package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link OpenStayChanges}: which open rows a channel's new stays delete, and which rows they insert. */
class OpenStayChangesTest {

    private static final String CHANNEL = "presence-room";

    @Test
    void aJoinInsertsOnlyTheNewSessionAndKeepsTheOpenOnesAsTheyAre() {
        List<WebhookEvent> open = List.of(opened("alice", 1000), opened("bob", 2000), occupied(500));
        List<WebhookEvent> events = new java.util.ArrayList<>(open);
        events.add(event(WebhookEvent.MEMBER_ADDED, "carol", 3000));

        OpenStayChanges changes = OpenStayChanges.of(Map.of(CHANNEL, open), Map.of(CHANNEL, PresenceHistory.of(events)));

        assertThat(changes.removedSessions()).isEmpty();
        assertThat(changes.removedOccupancy()).isEmpty();
        assertThat(changes.added().get(CHANNEL).sessions()).extracting(PresenceHistory.Session::userId).containsExactly("carol");
        assertThat(changes.added().get(CHANNEL).occupancy()).isEmpty();
    }

    @Test
    void aLeaveDeletesThatOpenRowAndInsertsItClosedAndAVacatedClosesEveryRow() {
        List<WebhookEvent> open = List.of(opened("alice", 1000), opened("bob", 2000), occupied(500));
        List<WebhookEvent> leave = new java.util.ArrayList<>(open);
        leave.add(event(WebhookEvent.MEMBER_REMOVED, "alice", 3000));
        List<WebhookEvent> vacated = new java.util.ArrayList<>(open);
        vacated.add(new WebhookEvent("v", "app", 4000, WebhookEvent.CHANNEL_VACATED, CHANNEL, null, null, null, null, null));

        OpenStayChanges left = OpenStayChanges.of(Map.of(CHANNEL, open), Map.of(CHANNEL, PresenceHistory.of(leave)));
        OpenStayChanges emptied = OpenStayChanges.of(Map.of(CHANNEL, open), Map.of(CHANNEL, PresenceHistory.of(vacated)));

        assertThat(left.removedSessions()).containsExactly(new OpenStayChanges.Row(CHANNEL, "alice", Instant.ofEpochMilli(1000)));
        assertThat(left.added().get(CHANNEL).sessions()).singleElement()
                .satisfies(s -> assertThat(s.leftAt()).isEqualTo(Instant.ofEpochMilli(3000)));
        assertThat(emptied.removedSessions()).hasSize(2);
        assertThat(emptied.removedOccupancy()).containsExactly(new OpenStayChanges.Row(CHANNEL, null, Instant.ofEpochMilli(500)));
        assertThat(emptied.added().get(CHANNEL).sessions()).allSatisfy(s -> assertThat(s.leftAt()).isNotNull()).hasSize(2);
        assertThat(emptied.added().get(CHANNEL).occupancy()).singleElement()
                .satisfies(o -> assertThat(o.vacatedAt()).isEqualTo(Instant.ofEpochMilli(4000)));
    }

    /** As StayRows reads an open row back: the event that opened it, under a key of its own. */
    private static WebhookEvent opened(String user, long at) {
        return new WebhookEvent("open member_added " + user, "app", at, WebhookEvent.MEMBER_ADDED, CHANNEL, user,
                null, null, null, null);
    }

    private static WebhookEvent occupied(long at) {
        return new WebhookEvent("open channel_occupied null", "app", at, WebhookEvent.CHANNEL_OCCUPIED, CHANNEL, null,
                null, null, null, null);
    }

    private static WebhookEvent event(String name, String user, long at) {
        return new WebhookEvent(name + user + at, "app", at, name, CHANNEL, user, null, null, null, null);
    }
}
