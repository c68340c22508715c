package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.pusherpipeline.Json;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryPageTest {

    @Test
    void theWrittenJsonIsTheMapsJsonByteForByte() throws Exception {
        HistoryPage page = new HistoryPage("private-room", List.of(
                new HistoryPage.Event(41, "message", "{\"text\":\"hi \\\"you\\\" \u00e9 \u2603 \ud83d\ude00\"}", null, "123.456", "published",
                        Instant.parse("2026-12-01T10:00:00.125Z")),
                new HistoryPage.Event(42, "client-typing", null, "user-1", null, "client_event", Instant.parse("2026-12-01T10:00:01Z"))),
                42, List.of(new HistoryPage.Gap(Instant.parse("2026-12-01T09:58:10Z"), Instant.parse("2026-12-01T09:58:40Z"), "closed"),
                new HistoryPage.Gap(Instant.parse("2026-12-01T10:00:00Z"), null, "still\nopen")));
        StringWriter written = new StringWriter();

        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(written)) {
            page.writeJson(g);
        }

        assertThat(written.toString()).isEqualTo(Json.MAPPER.writeValueAsString(page.toMap()));
    }

    @Test
    void anEmptyPageIsWrittenAsTheMapIs() throws Exception {
        HistoryPage page = new HistoryPage("orders", List.of(), 0, List.of());
        StringWriter written = new StringWriter();

        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(written)) {
            page.writeJson(g);
        }

        assertThat(written.toString()).isEqualTo("{\"channel\":\"orders\",\"events\":[],\"next\":0,\"gaps\":[]}")
                .isEqualTo(Json.MAPPER.writeValueAsString(page.toMap()));
    }
}
