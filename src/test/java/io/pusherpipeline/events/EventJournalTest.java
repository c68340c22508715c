package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.Destination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the journal lives and what it remembers, without Camel. */
class EventJournalTest {

    @TempDir
    Path exportDir;

    @Test
    void withTheFileSinkTheJournalIsAnEmbeddedH2DatabaseBesideTheExportedFiles() throws Exception {
        PusherEvent event = new PusherEvent(0, List.of("orders", "audit"), "created", "{\"id\":1}", null, null);
        EventJournals journals = new EventJournals();
        journals.setDestination(Destination.folder(exportDir));
        try (EventJournal journal = journals.build()) {
            journal.prepare();
            assertThat(journal.published(List.of(event.key("a.json")))).isEmpty();
            journal.record("123", "a.json", List.of(event), 200);
            assertThat(journal.published(List.of(event.key("a.json"), event.key("b.json")))).containsExactly(event.key("a.json"));
            assertThat(journal.destination()).contains("pusher-events").doesNotContain("password");
        }

        assertThat(Files.exists(exportDir.resolve("pusher-events.mv.db"))).isTrue();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + exportDir.resolve("pusher-events"));
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT app_id, channels, event_name, data_bytes, http_status FROM pusher_data.apps_events")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)))
                    .containsExactly("123", "[\"orders\",\"audit\"]", "created", 8, 200);
        }
    }

    @Test
    void embeddedH2CommitsAreWrittenAtOnceAndOtherUrlsAreLeftAsGiven() {
        assertThat(EventJournals.forJournal("jdbc:h2:file:./data/pusher;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:./data/pusher;AUTO_SERVER=TRUE;MAX_COMPACT_TIME=0;WRITE_DELAY=0");
        assertThat(EventJournals.forJournal("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
        assertThat(EventJournals.forJournal("jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
    }
}
