package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.JdbcDataSource;
import io.pusherpipeline.testing.TestDatabase;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The journal's info counts (nullable columns added in place) on each database the pipeline writes to. */
class EventJournalDatabasesTest {

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", (Supplier<TestDatabase>) TestDatabase::h2),
                Arguments.of("DuckDB", (Supplier<TestDatabase>) TestDatabase::duckDb),
                Arguments.of("PostgreSQL", (Supplier<TestDatabase>) TestDatabase::postgres));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void countsAreStoredWhenPusherGaveThemAndNullOtherwiseAfterAnUpgradeInPlace(String name, Supplier<TestDatabase> database)
            throws Exception {
        TestDatabase db = database.get();
        db.execute("DROP SCHEMA IF EXISTS journal_test CASCADE");
        JdbcDataSource builder = new JdbcDataSource();
        builder.setUrl(db.url());
        builder.setUser(db.user());
        builder.setPassword(db.password());
        PusherEvent counted = new PusherEvent(0, List.of("a", "presence-b"), "counted", "1", null, "subscription_count,user_count");
        PusherEvent plain = new PusherEvent(1, List.of("a"), "plain", "2", null, null);
        try (EventJournal journal = new EventJournal(Destination.database(builder.build(), db.url(), "journal_test"))) {
            journal.prepare();
            // A second start runs the schema again: the columns are there already.
            try (EventJournal again = new EventJournal(Destination.database(builder.build(), db.url(), "journal_test"))) {
                again.prepare();
            }
            journal.record("1", "s", List.of(counted, plain), 200, Map.of(0, new EventCounts(Map.of(
                    "a", Map.of("subscription_count", 2), "presence-b", Map.of("subscription_count", 3, "user_count", 1)))));
        }
        assertThat(db.rows("SELECT event_name, subscription_count, user_count FROM journal_test.apps_events ORDER BY event_name"))
                .containsExactly(Arrays.asList("counted", 5, 1), Arrays.asList("plain", null, null));
    }
}
