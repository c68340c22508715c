package io.pusherpipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhooks soketi 1.6.1 really sent (app key capture-key, secret capture-secret), recorded by hand
 * from real pusher-js members joining and leaving: one {key, sig, body} per delivery, in order.
 */
public final class RecordedWebhooks {

    public static final String KEY = "capture-key";
    public static final String SECRET = "capture-secret";

    private RecordedWebhooks() {
    }

    public static List<JsonNode> deliveries() {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = RecordedWebhooks.class.getResourceAsStream("/webhooks/soketi-presence.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
