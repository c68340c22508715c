package io.pusherpipeline.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The archiver's rows on a real database: events once each, numbered per channel; one open gap at a time. */
abstract class ArchiveStoreSuite {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    private TestDatabase db;
    private DataSource pool;
    private ArchiveStore store;

    protected abstract TestDatabase newDatabase();

    @BeforeEach
    void open() throws Exception {
        db = newDatabase();
        // Makes the DuckDB file's folder (TestDatabase.connect), which the pool does not.
        db.connect().close();
        pool = DataSources.forUrl(db.url(), db.user(), db.password());
        store = new ArchiveStore(Destination.database(pool, db.url(), "pusher_data"));
        store.prepare();
    }

    @AfterEach
    void close() {
        DataSources.close(pool, "the test pool");
    }

    @Test
    void aBatchIsStoredOnceAndNumberedPerChannel() throws Exception {
        List<ChannelEvent> batch = List.of(event("news", "a", "k1"), event("news", "a", "k2"), event("private-orders", "b", "k3"));
        assertThat(store.write("1", batch)).isEqualTo(3);
        assertThat(store.write("1", batch)).as("the same frames again").isZero();
        assertThat(db.rows("SELECT channel_name, seq, data, source FROM pusher_data.channel_events ORDER BY channel_name, seq"))
                .containsExactly(Arrays.asList("news", 1L, "a", "archiver"), Arrays.asList("news", 2L, "a", "archiver"),
                        Arrays.asList("private-orders", 1L, "b", "archiver"));
    }

    @Test
    void aGapStaysOneWhileOpenAndClosesWhenConnected() throws Exception {
        store.openGap("1", T0, "archiver starting");
        store.openGap("1", T0.plusSeconds(5), "archiver disconnected (close code 4200)");
        assertThat(db.rows("SELECT started_at IS NOT NULL, ended_at, reason FROM pusher_data.channel_gaps"))
                .containsExactly(Arrays.asList(true, null, "archiver starting"));
        assertThat(store.closeGaps("1", T0.plusSeconds(9))).isEqualTo(1);
        store.openGap("1", T0.plusSeconds(20), "archiver disconnected (close code 4200)");
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.channel_gaps WHERE ended_at IS NULL")).containsExactly(List.of(1L));
        assertThat(db.rows("SELECT COUNT(*) FROM pusher_data.channel_gaps")).containsExactly(List.of(2L));
    }

    private static ChannelEvent event(String channel, String data, String key) {
        return new ChannelEvent("1", channel, "e", data, null, null, ChannelEvent.ARCHIVER, T0, key);
    }
}
