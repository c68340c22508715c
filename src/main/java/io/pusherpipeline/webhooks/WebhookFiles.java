package io.pusherpipeline.webhooks;

import io.pusherpipeline.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file destination of webhooks ({@code pusher.sink=file}): each batch is one file
 * {@code {dir}/webhooks/{app_id}/{time_ms}-{batch}.jsonl}, one line per event with the columns of
 * {@code webhook_events}, on disk (forced, then renamed into place) before the answer. A batch
 * delivered again has the same name and is not written again. Sessions need a database.
 */
final class WebhookFiles {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final Path root;

    WebhookFiles(Path dir) {
        this.root = dir.resolve("webhooks");
    }

    /** Writes the batch unless it is there already; returns how many events were new. */
    synchronized int store(WebhookBatch batch) {
        Path folder = root.resolve(batch.appId());
        Path target = folder.resolve(batch.timeMs() + "-" + batchKey(batch) + ".jsonl");
        if (Files.exists(target)) {
            return 0;
        }
        Path temporary = folder.resolve("." + target.getFileName() + ".tmp");
        try {
            Files.createDirectories(folder);
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap(lines(batch)));
                out.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return batch.events().size();
        } catch (IOException e) {
            throw new StorageException("Cannot write webhook events to " + target + ": " + e, e);
        }
    }

    private static byte[] lines(WebhookBatch batch) throws IOException {
        String receivedAt = OffsetDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
        StringBuilder lines = new StringBuilder();
        for (WebhookEvent e : batch.events()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event_key", e.eventKey());
            row.put("app_id", e.appId());
            row.put("received_at", receivedAt);
            row.put("time_ms", e.timeMs());
            row.put("event_name", e.name());
            row.put("channel_name", e.channel());
            row.put("user_id", e.userId());
            row.put("client_event", e.clientEvent());
            row.put("data", e.data());
            row.put("socket_id", e.socketId());
            row.put("subscription_count", e.subscriptionCount());
            lines.append(JSON.writeValueAsString(row)).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same events give the same name: the hex SHA-256 of their keys, first 32 digits. */
    private static String batchKey(WebhookBatch batch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            batch.events().forEach(e -> sha.update(e.eventKey().getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
