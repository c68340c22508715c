package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HistoryReader} on every database the README names, over rows inserted by SQL: pages in seq
 * order and their next, text read back as sent, the gaps rule, a cursor past the channel's end.
 */
abstract class HistoryReaderSuite {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private TestDatabase db;
    private DataSource pool;
    private HistoryReader reader;
    private HistoryRows rows;

    protected abstract TestDatabase newDatabase();

    @BeforeEach
    void freshTables() {
        db = newDatabase();
        db.execute("DROP SCHEMA IF EXISTS pusher_data CASCADE");
        pool = DataSources.forUrl(db.url(), db.user(), db.password());
        Tables.create(pool, "pusher_data", db.name());
        reader = new HistoryReader();
        reader.setDestination(Destination.database(pool, db.url(), "pusher_data"));
        rows = new HistoryRows(db, "pusher_data");
    }

    @AfterEach
    void closePool() {
        DataSources.close(pool, "the test pool");
    }

    @Test
    void pagesComeInSeqOrderEachNextLeadingToTheRestAndTheLastEmptyOneKeepsTheCursor() {
        for (long seq = 5; seq >= 1; seq--) {
            rows.event("app-1", "room", seq, T0.plusSeconds(seq));
        }
        rows.event("app-1", "other-room", 1, T0);
        rows.event("app-2", "room", 6, T0);

        HistoryPage first = reader.page(new PageRequest("app-1", "room", 0, 2));
        HistoryPage second = reader.page(new PageRequest("app-1", "room", first.next(), 2));
        HistoryPage third = reader.page(new PageRequest("app-1", "room", second.next(), 2));
        HistoryPage after = reader.page(new PageRequest("app-1", "room", third.next(), 2));

        assertThat(first.events()).extracting(HistoryPage.Event::seq).containsExactly(1L, 2L);
        assertThat(first.next()).isEqualTo(2);
        assertThat(second.events()).extracting(HistoryPage.Event::seq).containsExactly(3L, 4L);
        assertThat(third.events()).extracting(HistoryPage.Event::seq).containsExactly(5L);
        assertThat(third.next()).isEqualTo(5);
        assertThat(after.events()).isEmpty();
        assertThat(after.next()).isEqualTo(5);
        assertThat(first.channel()).isEqualTo("room");
    }

    @Test
    void everyColumnReadsBackAsSentEvenTextStoredEscaped() {
        String channel = "#server-to-user-\u00e9=@,.;";
        rows.event("app-1", channel, 1, "client-typing", "a\u0000b \ud800 pusher-escaped:x", "alice", "123.456", "client_event", T0);
        rows.event("app-1", channel, 2, "news", "plain", null, null, "archiver", T0.plusMillis(1));

        HistoryPage page = reader.page(new PageRequest("app-1", channel, 0, 100));

        assertThat(page.events()).containsExactly(
                new HistoryPage.Event(1, "client-typing", "a\u0000b \ud800 pusher-escaped:x", "alice", "123.456", "client_event", T0),
                new HistoryPage.Event(2, "news", "plain", null, null, "archiver", T0.plusMillis(1)));
        assertThat(page.toMap().get("events").toString()).contains("occurred_at=2026-12-01T10:00:00.001Z");
    }

    @Test
    void theGapsOfTheAppOverlappingFromTheCursorsEventToThePagesLastOneOrToNowOnTheLastPage() {
        for (long seq = 1; seq <= 4; seq++) {
            rows.event("app-1", "room", seq, T0.plusSeconds(60 * seq));
        }
        rows.gap("app-1", T0.minusSeconds(30), T0.plusSeconds(30), "before the first event");
        rows.gap("app-1", T0.plusSeconds(90), T0.plusSeconds(100), "between 1 and 2");
        rows.gap("app-1", T0.plusSeconds(150), T0.plusSeconds(170), "between 2 and 3");
        rows.gap("app-1", T0.plusSeconds(300), null, "after the last event, still open");
        rows.gap("app-2", T0.plusSeconds(90), T0.plusSeconds(100), "another app's");

        assertThat(reasons(reader.page(new PageRequest("app-1", "room", 0, 2))))
                .containsExactly("before the first event", "between 1 and 2");
        assertThat(reasons(reader.page(new PageRequest("app-1", "room", 1, 1))))
                .containsExactly("between 1 and 2");
        assertThat(reasons(reader.page(new PageRequest("app-1", "room", 2, 2))))
                .containsExactly("between 2 and 3", "after the last event, still open");
        assertThat(reasons(reader.page(new PageRequest("app-1", "room", 4, 2))))
                .containsExactly("after the last event, still open");
        assertThat(reader.page(new PageRequest("app-1", "room", 4, 2)).gaps().get(0).endedAt()).isNull();
    }

    @Test
    void aCursorWhoseEventIsNoLongerKeptCountsFromTheBeginning() {
        rows.event("app-1", "room", 7, T0.plusSeconds(60));
        rows.gap("app-1", T0.minusSeconds(3600), T0.minusSeconds(3000), "long ago");

        HistoryPage page = reader.page(new PageRequest("app-1", "room", 3, 10));

        assertThat(page.events()).extracting(HistoryPage.Event::seq).containsExactly(7L);
        assertThat(reasons(page)).containsExactly("long ago");
    }

    @Test
    void aCursorPastTheChannelsLatestEventIsRefusedWithWhatIsAllowed() {
        rows.event("app-1", "room", 1, T0);

        assertThatThrownBy(() -> reader.page(new PageRequest("app-1", "room", 2, 10)))
                .isInstanceOfSatisfying(HistoryRefused.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("after=2 is past the channel's latest event (seq 1): pass a next this API answered, or 0 for the beginning");
        assertThatThrownBy(() -> reader.page(new PageRequest("app-1", "empty", 1, 10)))
                .hasMessageContaining("(it has none)");
        assertThat(reader.page(new PageRequest("app-1", "empty", 0, 10)).events()).isEmpty();
    }

    private static List<String> reasons(HistoryPage page) {
        return page.gaps().stream().map(HistoryPage.Gap::reason).toList();
    }
}
