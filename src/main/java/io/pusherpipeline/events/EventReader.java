package io.pusherpipeline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import java.util.ArrayList;
import java.util.List;

/** Reads one event or an array of events (JSON text, or maps and lists), refusing all of it when any event is bad. */
public final class EventReader {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final EventRules rules;

    public EventReader(EventRules rules) {
        this.rules = rules;
    }

    public List<PusherEvent> read(String source, Object input) {
        JsonNode root;
        try {
            root = toTree(input);
        } catch (JsonProcessingException e) {
            throw new RefusedEventsException(source, List.of(new EventProblem(-1, "json",
                    "not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr())));
        }
        if (root == null || root.isMissingNode()) {
            throw new RefusedEventsException(source, List.of(new EventProblem(-1, "json", "empty: expected one event object or an array of them")));
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<EventProblem> problems = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            problems.addAll(rules.check(i, nodes.get(i)));
        }
        if (!problems.isEmpty()) {
            throw new RefusedEventsException(source, problems);
        }
        List<PusherEvent> events = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            events.add(toEvent(i, nodes.get(i)));
        }
        return events;
    }

    private static JsonNode toTree(Object input) throws JsonProcessingException {
        if (input == null) {
            return null;
        }
        if (input instanceof byte[] bytes) {
            try {
                return JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw e;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("reading bytes in memory", e);
            }
        }
        if (input instanceof String text) {
            return JSON.readTree(text);
        }
        return JSON.valueToTree(input);
    }

    private PusherEvent toEvent(int index, JsonNode node) {
        List<String> channels = new ArrayList<>();
        if (node.has("user")) {
            channels.add(EventRules.USER_CHANNEL_PREFIX + node.get("user").textValue());
        } else if (node.has("channel")) {
            channels.add(node.get("channel").textValue());
        } else {
            node.get("channels").forEach(c -> channels.add(c.textValue()));
        }
        return new PusherEvent(index, List.copyOf(channels), node.get("name").textValue(),
                EventRules.dataText(node.get("data")), text(node.get("socket_id")), text(node.get("info")), rules.app(node));
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.textValue();
    }
}
