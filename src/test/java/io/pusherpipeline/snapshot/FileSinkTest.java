package io.pusherpipeline.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.snapshot.SnapshotSink;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.FileFormat;
import io.pusherpipeline.storage.FileSnapshotSink;
import io.pusherpipeline.storage.JdbcSnapshotSink;
import io.pusherpipeline.storage.WriteDisposition;
import io.pusherpipeline.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file sink's output read back by DuckDB's {@code read_json_auto} / {@code read_csv_auto},
 * as a user would, and compared with the rows the same snapshot leaves in a database.
 */
class FileSinkTest extends SnapshotRouteTestSupport {

    private static final Path EXPORT = Path.of(System.getProperty("basedir", "."), "target", "file-sink-tests",
            UUID.randomUUID().toString());
    private static final String ODD = "presence-a_b-c=d@e,f.g;h";

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.setProperty("pusher.sink", "file");
        p.setProperty("pusher.file.dir", EXPORT.resolve("jsonl").toString());
        return p;
    }


    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void theFilesHoldTheSameRowsAsTheDatabase(FileFormat format) throws Exception {
        pusher.channel("orders", 3).channel("private-\"quoted\",x", 1)
                .members("presence-room", "alice", "bob").members(ODD, "user;1@x,=.", "say \"hi\", bye");
        Snapshot snapshot = takeSnapshot();
        Path folder = EXPORT.resolve(format.extension());
        if (format != FileFormat.JSONL) {
            // The route wrote JSON Lines; the same snapshot goes through the sink in the other format.
            try (SnapshotSink files = new FileSnapshotSink(folder.toString(), format)) {
                files.prepare();
                files.store(snapshot);
            }
        }
        try (SnapshotSink database = new JdbcSnapshotSink(Destination.database(DataSources.forUrl(db.url(), "", ""), db.url(), "pusher_data"),
                WriteDisposition.APPEND, Optional.empty())) {
            database.open(snapshot);
            database.store(snapshot);
        }

        Path load = folder.resolve(snapshot.loadId().toString());
        assertThat(load).isDirectory();
        try (var names = Files.list(folder)) {
            assertThat(names.map(p -> p.getFileName().toString())).as("no temporary folder left behind")
                    .contains(snapshot.loadId().toString()).noneMatch(name -> name.startsWith("."));
        }
        assertSameRows(format, load, "apps_channels", "channel_name", 4);
        assertSameRows(format, load, "channels_channel_users", "channel_name, user_id", 4);
        assertSameRows(format, load, "pusher_loads", "load_id", 1);
    }

    private void assertSameRows(FileFormat format, Path load, String table, String order, int count) throws Exception {
        Path file = load.resolve(table + "." + format.extension());
        String read = (format == FileFormat.JSONL ? "read_json_auto" : "read_csv_auto") + "('" + file + "')";
        TestDatabase duckDb = new TestDatabase("DuckDB", "jdbc:duckdb:", "", "");
        String fromFile = "SELECT * FROM " + read + " ORDER BY " + order;
        // members_prefix says which channels a load heals in the database; files never heal, so they leave it out.
        String columns = table.equals("pusher_loads")
                ? "load_id, app_id, started_at, finished_at, status, channel_count, user_count, request_count, error" : "*";
        String fromDatabase = "SELECT " + columns + " FROM pusher_data." + table + " ORDER BY " + order;

        assertThat(duckDb.columns(fromFile)).as(file + " columns").isEqualTo(db.columns(fromDatabase));
        List<List<String>> expected = asText(db.rows(fromDatabase));
        assertThat(expected).hasSize(count);
        assertThat(asText(duckDb.rows(fromFile))).as(file.toString()).isEqualTo(expected);
    }

    private static List<List<String>> asText(List<List<Object>> rows) {
        return rows.stream().map(r -> r.stream().map(v -> v == null ? null : v.toString()).toList()).toList();
    }
}
