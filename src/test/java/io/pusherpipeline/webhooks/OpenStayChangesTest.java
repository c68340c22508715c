package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link OpenStayChanges}: which open rows a channel's new stays delete, and which rows they insert. */
class OpenStayChangesTest {

    private static final String CHANNEL = "presence-room";
    private static final PresenceHistory.Stays OPEN = new PresenceHistory.Stays(
            List.of(session("alice", 1000, "webhook"), session("bob", 2000, "snapshot")),
            List.of(new PresenceHistory.Occupancy(Instant.ofEpochMilli(500), null, "webhook", null)));

    @Test
    void aJoinInsertsOnlyTheNewSessionAndKeepsTheOpenOnesAsTheyAre() {
        OpenStayChanges changes = changesAfter(event(WebhookEvent.MEMBER_ADDED, "carol", 3000));

        assertThat(changes.removedSessions()).isEmpty();
        assertThat(changes.removedOccupancy()).isEmpty();
        assertThat(changes.added().get(CHANNEL).sessions()).extracting(PresenceHistory.Session::userId).containsExactly("carol");
        assertThat(changes.added().get(CHANNEL).occupancy()).isEmpty();
    }

    @Test
    void aLeaveDeletesThatOpenRowAndInsertsItClosedAndAVacatedClosesEveryRow() {
        OpenStayChanges left = changesAfter(event(WebhookEvent.MEMBER_REMOVED, "bob", 3000));
        OpenStayChanges emptied = changesAfter(
                new WebhookEvent("v", "app", 4000, WebhookEvent.CHANNEL_VACATED, CHANNEL, null, null, null, null, null));

        assertThat(left.removedSessions()).containsExactly(new OpenStayChanges.Row(CHANNEL, "bob", Instant.ofEpochMilli(2000), "snapshot"));
        assertThat(left.added().get(CHANNEL).sessions()).singleElement().satisfies(s -> {
            assertThat(s.leftAt()).isEqualTo(Instant.ofEpochMilli(3000));
            assertThat(s.joinedBy()).as("who opened it stays").isEqualTo("snapshot");
        });
        assertThat(emptied.removedSessions()).hasSize(2);
        assertThat(emptied.removedOccupancy()).containsExactly(new OpenStayChanges.Row(CHANNEL, null, Instant.ofEpochMilli(500), "webhook"));
        assertThat(emptied.added().get(CHANNEL).sessions()).allSatisfy(s -> assertThat(s.leftAt()).isNotNull()).hasSize(2);
        assertThat(emptied.added().get(CHANNEL).occupancy()).singleElement()
                .satisfies(o -> assertThat(o.vacatedAt()).isEqualTo(Instant.ofEpochMilli(4000)));
    }

    private static OpenStayChanges changesAfter(WebhookEvent event) {
        return OpenStayChanges.of(Map.of(CHANNEL, OPEN), Map.of(CHANNEL, PresenceHistory.of(OPEN, List.of(event), List.of())));
    }

    private static PresenceHistory.Session session(String user, long at, String by) {
        return new PresenceHistory.Session(user, Instant.ofEpochMilli(at), null, by, null);
    }

    private static WebhookEvent event(String name, String user, long at) {
        return new WebhookEvent(name + user + at, "app", at, name, CHANNEL, user, null, null, null, null);
    }
}
