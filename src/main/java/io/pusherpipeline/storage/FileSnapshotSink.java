package io.pusherpipeline.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.pusherpipeline.channels.ChannelState;
import io.pusherpipeline.snapshot.Snapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes each load to its own folder, {@code {dir}/{load_id}/{table}.jsonl}, built under a
 * hidden temporary name and renamed once, so a reader never sees half a load.
 */
public final class FileSnapshotSink implements SnapshotSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public FileSnapshotSink(String dir) {
        this.dir = Path.of(dir);
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
    public void failAbandoned(java.time.OffsetDateTime cutoff) {
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
        return dir.toString();
    }

    private void publish(Snapshot snapshot, boolean withRows) {
        Path target = dir.resolve(snapshot.loadId().toString());
        Path temporary = dir.resolve("." + snapshot.loadId() + ".tmp");
        try {
            Files.createDirectories(temporary);
            if (withRows) {
                writeLines(temporary.resolve("apps_channels.jsonl"),
                        snapshot.channels().stream().map(c -> channelRow(snapshot, c)));
                writeLines(temporary.resolve("channels_channel_users.jsonl"),
                        snapshot.channels().stream().filter(c -> c.userIds() != null)
                                .flatMap(c -> c.userIds().stream().map(u -> userRow(snapshot, c, u))));
            }
            writeLines(temporary.resolve("pusher_loads.jsonl"), Stream.of(loadRow(snapshot)));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(temporary);
            throw new StorageException("Cannot write load " + snapshot.loadId() + " to " + target + ": " + e, e);
        }
    }

    private static void writeLines(Path file, Stream<Map<String, Object>> rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file);
             SequenceWriter lines = JSON.writer().withRootValueSeparator("\n").writeValues(out)) {
            for (Map<String, Object> row : (Iterable<Map<String, Object>>) rows::iterator) {
                lines.write(row);
            }
            out.write('\n');
        }
    }

    private static Map<String, Object> channelRow(Snapshot s, ChannelState c) {
        Map<String, Object> row = keys(s);
        row.put("snapshot_at", s.startedAt().toString());
        row.put("channel_name", c.name());
        row.put("channel_type", c.type().label());
        row.put("subscription_count", c.subscriptionCount());
        row.put("user_count", c.userCount());
        return row;
    }

    private static Map<String, Object> userRow(Snapshot s, ChannelState c, String userId) {
        Map<String, Object> row = keys(s);
        row.put("snapshot_at", s.startedAt().toString());
        row.put("channel_name", c.name());
        row.put("user_id", userId);
        return row;
    }

    private static Map<String, Object> loadRow(Snapshot s) {
        boolean loaded = s.status() == Snapshot.Status.LOADED;
        Map<String, Object> row = keys(s);
        row.put("started_at", s.startedAt().toString());
        row.put("finished_at", s.finishedAt() == null ? null : s.finishedAt().toString());
        row.put("status", s.status().label());
        row.put("channel_count", loaded ? s.channelCount() : null);
        row.put("user_count", loaded ? s.userCount() : null);
        row.put("request_count", s.requestCount());
        row.put("error", s.error());
        return row;
    }

    private static Map<String, Object> keys(Snapshot s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("load_id", s.loadId().toString());
        row.put("app_id", s.appId());
        return row;
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Nothing to clean: the folder was never made.
        }
    }
}
