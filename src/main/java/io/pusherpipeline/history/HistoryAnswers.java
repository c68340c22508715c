package io.pusherpipeline.history;

import com.fasterxml.jackson.core.JsonGenerator;
import io.pusherpipeline.Json;
import io.pusherpipeline.metrics.PipelineMetrics;
import io.pusherpipeline.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of the history API: 200 with the page as JSON; a refusal's own status with its one-line
 * reason; 503 when the database fails. Each refusal is one WARN line (no secret, no auth) and every
 * answer counts in {@code pusher_history_total{outcome}}.
 */
public final class HistoryAnswers {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.history");

    private final PipelineMetrics metrics = new PipelineMetrics();

    /** The page as maps and lists: the body direct:pusher-history replies with. */
    public Object asMap(HistoryPage page) {
        return page.toMap();
    }

    public void served(Exchange exchange, HistoryPage page) throws IOException {
        // UTF-8 bytes at once: no String of the page to encode again on the way out.
        ByteArrayOutputStream json = new ByteArrayOutputStream(256 + 300 * page.events().size());
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(json)) {
            page.writeJson(g);
        }
        answer(exchange, 200, "served", "application/json", json.toByteArray());
    }

    /** Nothing was read, or reading failed: the reason, never what the channel holds. */
    public void refused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof HistoryRefused refused) {
            LOG.warn("History request refused with {} ({}): {}", refused.status(), refused.outcome(), refused.getMessage());
            answer(exchange, refused.status(), refused.outcome(), "text/plain; charset=utf-8", refused.getMessage() + "\n");
            if (refused.status() == 405) {
                exchange.getMessage().setHeader("Allow", "GET, POST");
            }
        } else {
            String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            LOG.warn("History request answered 503: {}", reason.lines().findFirst().orElse("").strip());
            answer(exchange, 503, cause instanceof StorageException ? "storage_failed" : "failed",
                    "text/plain; charset=utf-8", "history unavailable\n");
        }
    }

    private void answer(Exchange exchange, int status, String outcome, String type, Object body) {
        metrics.history(exchange.getContext(), outcome);
        // Nothing of the request (platform-http makes its parameters headers: auth, socket_id) goes back as headers.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        // Pages in a browser on another origin may read it: access rests on auth in the request, never on cookies.
        exchange.getMessage().setHeader("Access-Control-Allow-Origin", "*");
        exchange.getMessage().setBody(body);
    }
}
