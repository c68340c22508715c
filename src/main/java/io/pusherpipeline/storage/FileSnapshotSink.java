package io.pusherpipeline.storage;

import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.snapshot.SnapshotSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes each load to its own folder, {@code {dir}/{load_id}/{table}.jsonl} (or {@code .csv}),
 * one file per table with the columns of the database tables, built under a hidden temporary
 * name and renamed once, so a reader never sees half a load.
 */
public final class FileSnapshotSink implements SnapshotSink {

    static final List<String> CHANNEL_COLUMNS = List.of("load_id", "app_id", "snapshot_at", "channel_name",
            "channel_type", "subscription_count", "user_count");
    static final List<String> USER_COLUMNS = List.of("load_id", "app_id", "snapshot_at", "channel_name", "user_id");
    static final List<String> LOAD_COLUMNS = List.of("load_id", "app_id", "started_at", "finished_at", "status",
            "channel_count", "user_count", "request_count", "error");

    // Always seconds and microseconds (OffsetDateTime.toString drops zero seconds), so that
    // DuckDB and pandas detect one timestamp format in every file.
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final Path dir;
    private final FileFormat format;

    public FileSnapshotSink(String dir, FileFormat format) {
        this.dir = Path.of(dir);
        this.format = format;
    }

    @Override
    public void prepare() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("Cannot create the export folder " + dir.toAbsolutePath()
                    + " (pusher.file.dir): " + e, e);
        }
    }

    @Override
    public void ping() {
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new StorageException("The export folder " + dir.toAbsolutePath() + " (pusher.file.dir) is missing or not writable", null);
        }
    }

    @Override
    public void failAbandoned(String appId, java.time.OffsetDateTime cutoff, String reason) {
        // An abandoned load left only a hidden temporary folder, which no reader takes for a load.
    }

    @Override
    public void open(Snapshot snapshot) {
        prepare();
    }

    @Override
    public void store(Snapshot snapshot) {
        publish(snapshot, true);
    }

    @Override
    public void fail(Snapshot snapshot) {
        publish(snapshot, false);
    }

    @Override
    public String destination() {
        return dir + " (" + format.extension() + ")";
    }

    private void publish(Snapshot snapshot, boolean withRows) {
        Path target = dir.resolve(snapshot.loadId().toString());
        Path temporary = dir.resolve("." + snapshot.loadId() + ".tmp");
        try {
            Files.createDirectories(temporary);
            if (withRows) {
                write(temporary, "apps_channels", CHANNEL_COLUMNS,
                        snapshot.channels().stream().map(c -> channelRow(snapshot, c)));
                write(temporary, "channels_channel_users", USER_COLUMNS,
                        snapshot.channels().stream().filter(c -> c.userIds() != null)
                                .flatMap(c -> c.userIds().stream().map(u -> userRow(snapshot, c, u))));
            }
            write(temporary, "pusher_loads", LOAD_COLUMNS, Stream.of(loadRow(snapshot)));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(temporary);
            throw new StorageException("Cannot write load " + snapshot.loadId() + " to " + target + ": " + e, e);
        }
    }

    private void write(Path folder, String table, List<String> columns, Stream<Map<String, Object>> rows)
            throws IOException {
        format.write(folder.resolve(table + "." + format.extension()), columns, rows.toList());
    }

    private static Map<String, Object> channelRow(Snapshot s, ChannelState c) {
        return row(CHANNEL_COLUMNS, s.loadId().toString(), s.appId(), timestamp(s.startedAt()), c.name(), c.type().label(),
                c.subscriptionCount(), c.userCount());
    }

    private static Map<String, Object> userRow(Snapshot s, ChannelState c, String userId) {
        return row(USER_COLUMNS, s.loadId().toString(), s.appId(), timestamp(s.startedAt()), c.name(), userId);
    }

    private static Map<String, Object> loadRow(Snapshot s) {
        boolean loaded = s.status() == Snapshot.Status.LOADED;
        return row(LOAD_COLUMNS, s.loadId().toString(), s.appId(), timestamp(s.startedAt()), timestamp(s.finishedAt()),
                s.status().label(), loaded ? s.channelCount() : null, loaded ? s.userCount() : null, s.requestCount(), s.error());
    }

    /** The values in the order of the columns. */
    private static Map<String, Object> row(List<String> columns, Object... values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(columns.get(i), values[i]);
        }
        return row;
    }

    private static String timestamp(OffsetDateTime t) {
        return t == null ? null : TIMESTAMP.format(t);
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Nothing to clean: the folder was never made.
        }
    }
}
