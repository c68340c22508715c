package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.storage.Destination;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With pusher.sink=file a verified batch becomes one JSON Lines file, written once. */
class WebhookFilesTest {

    @TempDir
    Path dir;

    @Test
    void aBatchIsOneFileOfItsEventsAndABatchDeliveredAgainWritesNothing() throws Exception {
        WebhookStore store = new WebhookStore();
        store.setDestination(Destination.folder(dir));
        WebhookBatch batch = WebhookBatch.parse("4242", ("{\"time_ms\":1700000000000,\"events\":[{\"name\":\"member_added\","
                + "\"channel\":\"presence-room\",\"user_id\":\"alice\"},{\"name\":\"channel_vacated\",\"channel\":\"lobby\"}]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(store.store(batch)).isEqualTo(2);
        assertThat(store.store(batch)).isZero();

        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).singleElement().satisfies(file -> {
            assertThat(dir.relativize(file).toString()).startsWith("webhooks/4242/1700000000000-").endsWith(".jsonl");
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(2);
            JsonNode first = new ObjectMapper().readTree(lines.get(0));
            assertThat(first.fieldNames()).toIterable().containsExactly("event_key", "app_id", "received_at", "time_ms",
                    "event_name", "channel_name", "user_id", "client_event", "data", "socket_id", "subscription_count");
            assertThat(first.get("event_key").asText()).isEqualTo(batch.events().get(0).eventKey());
            assertThat(first.get("user_id").asText()).isEqualTo("alice");
        });
    }
}
