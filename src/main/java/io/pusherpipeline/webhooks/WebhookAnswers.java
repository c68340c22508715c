package io.pusherpipeline.webhooks;

import io.pusherpipeline.metrics.PipelineMetrics;
import io.pusherpipeline.storage.StorageException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of the webhook receiver: 200 once a batch is committed; a refusal's own status; 503
 * when storing failed (Pusher retries). Each refusal or failure is one WARN line and every answer
 * counts in {@code pusher_webhooks_total{outcome}}.
 */
public final class WebhookAnswers {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.webhooks");

    private final PipelineMetrics metrics = new PipelineMetrics();
    private String forwardedTo = "direct:pusher-webhook-events";
    private boolean stores = true;

    /** The webhook-source Kamelet's: it stores nothing and hands each batch to its sink. */
    public void setForwardedTo(String forwardedTo) {
        this.forwardedTo = forwardedTo;
        this.stores = false;
    }

    /** The batch is committed and was forwarded. */
    public void accepted(Exchange exchange) {
        LOG.debug("Webhook accepted for app {}: {} new events", exchange.getMessage().getHeader(WebhookReceiver.APP_ID),
                exchange.getMessage().getHeader(WebhookReceiver.NEW_EVENTS));
        answer(exchange, 200, "accepted", "");
    }

    /** Nothing was stored: the request broke a rule ({@link WebhookRefused}) or the storage failed. */
    public void refused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof WebhookRefused refused) {
            LOG.warn("Webhook refused with {} ({}): {}", refused.status(), refused.outcome(), refused.getMessage());
            answer(exchange, refused.status(), refused.outcome(), refused.getMessage());
            if (refused.status() == 405) {
                exchange.getMessage().setHeader("Allow", "POST");
            }
        } else if (cause instanceof StorageException) {
            LOG.warn("Webhook not stored, answered 503 so that Pusher delivers it again: {}", reason(cause));
            answer(exchange, 503, "storage_failed", "storage unavailable");
        } else {
            LOG.warn("Webhook {}not forwarded to {}, answered 503 so that Pusher delivers it again: {}",
                    stores ? "stored but " : "", forwardedTo, reason(cause));
            answer(exchange, 503, "forward_failed", "forwarding failed");
        }
    }

    private void answer(Exchange exchange, int status, String outcome, String text) {
        metrics.webhook(exchange.getContext(), outcome);
        // Nothing of the request (its X-Pusher-* headers) is echoed back as response headers.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getMessage().setBody(text.isEmpty() ? "" : text + "\n");
    }

    private static String reason(Throwable e) {
        String message = e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }
}
