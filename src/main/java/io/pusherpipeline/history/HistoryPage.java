package io.pusherpipeline.history;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a channel's history, as answered: its events in seq order, the cursor to pass as
 * {@code after} for the next page, and the app's gaps that overlap the time the page covers.
 */
public record HistoryPage(String channel, List<Event> events, long next, List<Gap> gaps) {

    /** One row of {@code channel_events}, its text read back as it was sent. */
    public record Event(long seq, String event, String data, String userId, String socketId, String source, Instant occurredAt) {
    }

    /** One row of {@code channel_gaps}; {@code endedAt} null while it is still open. */
    public record Gap(Instant startedAt, Instant endedAt, String reason) {
    }

    /**
     * The answer's JSON, the shape of {@link #toMap}, written straight from the records: making the maps and
     * serializing them (a serializer looked up per value) was most of a served page's time.
     */
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("channel", channel);
        g.writeArrayFieldStart("events");
        for (Event e : events) {
            g.writeStartObject();
            g.writeNumberField("seq", e.seq());
            g.writeStringField("event", e.event());
            g.writeStringField("data", e.data());
            g.writeStringField("user_id", e.userId());
            g.writeStringField("socket_id", e.socketId());
            g.writeStringField("source", e.source());
            g.writeStringField("occurred_at", e.occurredAt().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("next", next);
        g.writeArrayFieldStart("gaps");
        for (Gap gap : gaps) {
            g.writeStartObject();
            g.writeStringField("started_at", gap.startedAt().toString());
            g.writeStringField("ended_at", gap.endedAt() == null ? null : gap.endedAt().toString());
            g.writeStringField("reason", gap.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The answer's JSON shape as maps and lists (keys in this order; times ISO-8601 UTC; null where unknown). */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> eventMaps = new ArrayList<>(events.size());
        for (Event e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("event", e.event());
            m.put("data", e.data());
            m.put("user_id", e.userId());
            m.put("socket_id", e.socketId());
            m.put("source", e.source());
            m.put("occurred_at", e.occurredAt().toString());
            eventMaps.add(m);
        }
        List<Map<String, Object>> gapMaps = new ArrayList<>(gaps.size());
        for (Gap g : gaps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("started_at", g.startedAt().toString());
            m.put("ended_at", g.endedAt() == null ? null : g.endedAt().toString());
            m.put("reason", g.reason());
            gapMaps.add(m);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("channel", channel);
        page.put("events", eventMaps);
        page.put("next", next);
        page.put("gaps", gapMaps);
        return page;
    }
}
