package io.pusherpipeline.snapshot;

import static io.pusherpipeline.snapshot.SnapshotRouteTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.SnapshotSink;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.SnapshotSinks;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.storage.StoredLoads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same snapshots, write dispositions, retention and schema upgrade on every database the
 * README names; each subclass runs this suite against one real database and the same rows are asserted.
 */
abstract class DestinationSuite extends SnapshotRouteTestSupport {

    private final List<SnapshotSink> sinks = new ArrayList<>();

    @AfterEach
    void closeSinksAndForgetAppState() throws Exception {
        for (SnapshotSink sink : sinks) {
            sink.close();
        }
        pusher.reset();
    }

    @Test
    void aSnapshotLandsInTheSameRowsAndTheTablesAreTheCurrentVersion() throws Exception {
        pusher.channel("orders", 3).channel("private-billing", 1)
                .members("presence-room", "alice", "bob").members("presence-cache-lobby", "carol");

        Snapshot snapshot = takeSnapshot();

        assertThat(rows("SELECT load_id, app_id, started_at, status, channel_count, user_count, request_count, error"
                + " FROM pusher_data.pusher_loads")).containsExactly(
                row(snapshot.loadId().toString(), APP_ID, snapshot.startedAt().toInstant(), "loaded", 4, 3, 3, null));
        assertThat(rows("SELECT load_id, app_id, snapshot_at, channel_name, channel_type, subscription_count, user_count"
                + " FROM pusher_data.apps_channels ORDER BY channel_name")).containsExactly(
                row(snapshot.loadId().toString(), APP_ID, snapshot.startedAt().toInstant(), "orders", "public", 3, null),
                row(snapshot.loadId().toString(), APP_ID, snapshot.startedAt().toInstant(), "presence-cache-lobby", "presence-cache", 1, 1),
                row(snapshot.loadId().toString(), APP_ID, snapshot.startedAt().toInstant(), "presence-room", "presence", 2, 2),
                row(snapshot.loadId().toString(), APP_ID, snapshot.startedAt().toInstant(), "private-billing", "private", 1, null));
        assertThat(rows("SELECT channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY channel_name, user_id"))
                .containsExactly(row("presence-cache-lobby", "carol"), row("presence-room", "alice"), row("presence-room", "bob"));
        assertThat(rows("SELECT MAX(version) FROM pusher_data.pusher_schema")).containsExactly(row(5));
    }

    @Test
    void showReadsTheLatestLoadsTheRowsPerTableAndTheSchemaVersion() throws Exception {
        pusher.channel("orders", 1).members("presence-room", "alice", "bob");
        Snapshot snapshot = takeSnapshot();

        StoredLoads.Report report;
        try (Connection c = db.connect()) {
            report = StoredLoads.read(c, "pusher_data", 10);
        }

        assertThat(report.schemaVersion()).isEqualTo(5);
        assertThat(report.latest()).extracting(StoredLoads.Load::appId, StoredLoads.Load::status,
                        StoredLoads.Load::channelCount, StoredLoads.Load::userCount, StoredLoads.Load::requestCount)
                .containsExactly(tuple(APP_ID, "loaded", 2, 2, 2));
        assertThat(report.latest().get(0).startedAt()).isAtSameInstantAs(snapshot.startedAt());
        assertThat(report.rowsPerTable()).containsExactly(entry("pusher_loads", 1L), entry("apps_channels", 2L),
                entry("channels_channel_users", 2L), entry("webhook_events", 0L), entry("presence_sessions", 0L),
                entry("channel_occupancy", 0L), entry("webhook_rejects", 0L), entry("channel_events", 0L));
    }

    @Test
    void everyQueryOfTheReadmeRunsAsWritten() throws Exception {
        pusher.channel("orders", 1).members("presence-room", "alice");
        takeSnapshot();

        List<String> queries = readmeQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
        for (String sql : queries) {
            assertThat(rows(sql)).as(sql).isNotEmpty();
        }
    }

    @Test
    void appendKeepsEverySnapshotAndCurrentChannelsShowsTheLatest() throws Exception {
        pusher.members("presence-room", "alice", "bob");
        takeSnapshot();
        pusher.members("presence-room", "bob");
        Snapshot second = takeSnapshot();

        assertThat(rows("SELECT COUNT(*) FROM pusher_data.pusher_loads WHERE status = 'loaded'")).containsExactly(row(2L));
        assertThat(rows("SELECT user_id, COUNT(*) FROM pusher_data.channels_channel_users GROUP BY user_id ORDER BY user_id"))
                .containsExactly(row("alice", 1L), row("bob", 2L));
        assertThat(rows("SELECT load_id, channel_name, user_count FROM pusher_data.current_channels"))
                .containsExactly(row(second.loadId().toString(), "presence-room", 1));
    }

    @Test
    void replaceKeepsOnlyTheLatestSnapshotOfTheSameLoads() throws Exception {
        SnapshotSink replace = sink("pusher_replace", "replace", "off");
        replace.prepare();
        pusher.channel("orders", 1).members("presence-room", "alice", "bob");
        Snapshot first = takeSnapshot();
        // The route streamed the channels to its own sink and kept none; the same ones, again for this sink.
        first.gathered(List.of(ChannelState.of("orders", 1, null),
                ChannelState.of("presence-room", 2, null).withMembers(List.of("alice", "bob"))));
        store(replace, first);
        pusher.reset();
        pusher.members("presence-room", "bob");
        Snapshot second = takeSnapshot();
        second.gathered(List.of(ChannelState.of("presence-room", 1, null).withMembers(List.of("bob"))));
        store(replace, second);

        assertThat(rows("SELECT load_id, channel_name, user_count FROM pusher_replace.apps_channels"))
                .containsExactly(row(second.loadId().toString(), "presence-room", 1));
        assertThat(rows("SELECT load_id, user_id FROM pusher_replace.channels_channel_users"))
                .containsExactly(row(second.loadId().toString(), "bob"));
        assertThat(rows("SELECT channel_name FROM pusher_replace.current_channels")).containsExactly(row("presence-room"));
        assertThat(rows("SELECT load_id, status FROM pusher_replace.pusher_loads ORDER BY started_at"))
                .as("pusher_loads stays the log of every load").containsExactly(
                        row(first.loadId().toString(), "loaded"), row(second.loadId().toString(), "loaded"));
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_channels"))
                .as("the append destination of the route still has both").containsExactly(row(3L));
        assertThat(rows("SELECT members_prefix FROM pusher_replace.pusher_loads ORDER BY started_at"))
                .as("a load whose member lists are gone no longer heals the webhook history")
                .containsExactly(java.util.Arrays.asList((Object) null), row(""));
        assertThat(rows("SELECT members_prefix FROM pusher_data.pusher_loads ORDER BY started_at")).containsExactly(row(""), row(""));
    }

    @Test
    void rowsStreamedAsChannelsArriveAreCommittedWholeOrRolledBackWhole() throws Exception {
        ExecutorService writers = Executors.newCachedThreadPool();
        SnapshotSink sink = sink("pusher_data", "append", "off");
        Snapshot aborted = new Snapshot(APP_ID);
        Snapshot committed = new Snapshot(APP_ID);
        for (Snapshot snapshot : List.of(aborted, committed)) {
            sink.open(snapshot);
            snapshot.streamTo(sink.rows(snapshot, writers));
            // More rows than one batch (or one COPY), so some reach the database before the end.
            for (int i = 0; i < 15_000; i++) {
                snapshot.add(ChannelState.of("presence-" + i, 1, null).withMembers(List.of("u" + i, "v" + i)));
            }
        }
        aborted.rows().abort();
        committed.loaded();
        committed.rows().commit();
        writers.shutdown();

        assertThat(rows("SELECT load_id, COUNT(*) FROM pusher_data.apps_channels GROUP BY load_id"))
                .containsExactly(row(committed.loadId().toString(), 15_000L));
        assertThat(rows("SELECT load_id, COUNT(*) FROM pusher_data.channels_channel_users GROUP BY load_id"))
                .containsExactly(row(committed.loadId().toString(), 30_000L));
        assertThat(rows("SELECT channel_count, user_count FROM pusher_data.pusher_loads WHERE load_id = '"
                + committed.loadId() + "'")).containsExactly(row(15_000, 30_000));
    }

    @Test
    void userIdsLandAsPusherSentThemWhateverCharactersTheyHold() throws Exception {
        String[] ids = {"tab\there", "new\nline", "back\\slash", "carriage\rreturn", "quote\"d, 'single'",
            "\\N", "é ü 漢字 🙂", "  spaced  ", ""};
        pusher.members("presence-odd=@,.;_-", ids);

        takeSnapshot();

        assertThat(rows("SELECT user_id FROM pusher_data.channels_channel_users WHERE channel_name = 'presence-odd=@,.;_-'"))
                .containsExactlyInAnyOrder(java.util.Arrays.stream(ids).map(id -> row(id)).toArray(List[]::new));
    }

    @Test
    void retentionDeletesOlderLoadsWithTheirRowsAfterALoad() throws Exception {
        SnapshotSink kept30Days = sink("pusher_data", "append", "30d");
        kept30Days.prepare();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        UUID old = insertLoad("pusher_data", now.minusDays(40), "presence-old", "alice");
        UUID recent = insertLoad("pusher_data", now.minusDays(20), "presence-recent", "bob");
        Snapshot latest = new Snapshot(APP_ID);
        latest.gathered(List.of(ChannelState.of("presence-room", 1, 1).withMembers(List.of("carol"))));
        latest.loaded();

        store(kept30Days, latest);

        assertThat(rows("SELECT load_id FROM pusher_data.pusher_loads ORDER BY started_at"))
                .containsExactly(row(recent.toString()), row(latest.loadId().toString()));
        assertThat(rows("SELECT channel_name FROM pusher_data.apps_channels ORDER BY channel_name"))
                .containsExactly(row("presence-recent"), row("presence-room"));
        assertThat(rows("SELECT user_id FROM pusher_data.channels_channel_users ORDER BY user_id"))
                .containsExactly(row("bob"), row("carol"));
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_channels WHERE load_id = '" + old + "'"))
                .containsExactly(row(0L));
    }

    // The route's own sink prepared pusher_data when the context started, so the schema tests
    // use schemas of their own, laid out as an older or newer pusher-pipeline left them.
    @Test
    void tablesOfVersionOneAreUpgradedInPlaceKeepingTheirRows() throws Exception {
        db.execute(legacyScript("pusher_legacy"));
        UUID legacy = insertLoad("pusher_legacy", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)
                .truncatedTo(ChronoUnit.MICROS), "presence-room", "alice");
        SnapshotSink sink = sink("pusher_legacy", "append", "off");
        Snapshot snapshot = new Snapshot(APP_ID);
        snapshot.gathered(List.of(ChannelState.of("presence-room", 1, 1).withMembers(List.of("bob"))));
        snapshot.loaded();

        sink.prepare();
        store(sink, snapshot);

        assertThat(rows("SELECT version FROM pusher_legacy.pusher_schema")).containsExactly(row(5));
        assertThat(rows("SELECT load_id, status FROM pusher_legacy.pusher_loads ORDER BY started_at")).containsExactly(
                row(legacy.toString(), "loaded"), row(snapshot.loadId().toString(), "loaded"));
        assertThat(rows("SELECT load_id, user_id FROM pusher_legacy.channels_channel_users ORDER BY user_id")).containsExactly(
                row(legacy.toString(), "alice"), row(snapshot.loadId().toString(), "bob"));
        assertThat(rows("SELECT load_id FROM pusher_legacy.current_channels"))
                .containsExactly(row(snapshot.loadId().toString()));
    }

    @Test
    void tablesOfANewerVersionAreRefusedAndLeftAlone() throws Exception {
        db.execute(legacyScript("pusher_newer"));
        db.execute("CREATE TABLE pusher_newer.pusher_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE)",
                "INSERT INTO pusher_newer.pusher_schema (version) VALUES (99)");
        SnapshotSink sink = sink("pusher_newer", "append", "off");

        assertThatThrownBy(sink::prepare).isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer pusher-pipeline")
                .hasMessageContaining("writes version 5");
        assertThat(rows("SELECT version FROM pusher_newer.pusher_schema")).containsExactly(row(99));
    }

    private SnapshotSink sink(String schema, String disposition, String retention) {
        SnapshotSinks builder = new SnapshotSinks();
        builder.setDestination(Destination.database(DataSources.forUrl(db.url(), db.user(), db.password()), db.url(), schema));
        builder.setWriteDisposition(disposition);
        builder.setRetention(retention);
        SnapshotSink sink = builder.build();
        sinks.add(sink);
        return sink;
    }

    private static void store(SnapshotSink sink, Snapshot snapshot) {
        sink.open(snapshot);
        sink.store(snapshot);
    }

    /** A loaded load with one presence channel and its members, written as an earlier version would have. */
    private UUID insertLoad(String schema, OffsetDateTime at, String channel, String... members) throws Exception {
        UUID loadId = UUID.randomUUID();
        try (Connection c = db.connect()) {
            insert(c, "INSERT INTO " + schema + ".pusher_loads (load_id, app_id, started_at, finished_at, status,"
                    + " channel_count, user_count, request_count) VALUES (?, ?, ?, ?, 'loaded', 1, ?, 2)",
                    loadId, APP_ID, at, at, members.length);
            insert(c, "INSERT INTO " + schema + ".apps_channels (load_id, app_id, snapshot_at, channel_name, channel_type,"
                    + " subscription_count, user_count) VALUES (?, ?, ?, ?, 'presence', ?, ?)",
                    loadId, APP_ID, at, channel, members.length, members.length);
            for (String member : members) {
                insert(c, "INSERT INTO " + schema + ".channels_channel_users (load_id, app_id, snapshot_at, channel_name,"
                        + " user_id) VALUES (?, ?, ?, ?, ?)", loadId, APP_ID, at, channel, member);
            }
        }
        return loadId;
    }

    private static void insert(Connection c, String sql, Object... values) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    /** The tables as 0.1.0 made them, from a frozen copy of its schema.sql. */
    private static String[] legacyScript(String schema) throws Exception {
        String text;
        try (var in = DestinationSuite.class.getResourceAsStream("/legacy/schema-1.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Pattern.compile("^\\s*--.*$", Pattern.MULTILINE).matcher(text.replace("${schema}", schema))
                .replaceAll("").split(";\\s*(\\n|$)");
    }

    /** Every statement of the README's ```sql blocks about the tables (not the outbox example's own table). */
    static List<String> readmeQueries() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("basedir", "."), "README.md"));
        List<String> queries = new ArrayList<>();
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (block.find()) {
            String code = Pattern.compile("^\\s*--.*$", Pattern.MULTILINE).matcher(block.group(1)).replaceAll("");
            for (String sql : code.split(";")) {
                if (!sql.isBlank() && sql.contains("pusher_data.")) {
                    queries.add(sql.strip());
                }
            }
        }
        return queries;
    }
}
