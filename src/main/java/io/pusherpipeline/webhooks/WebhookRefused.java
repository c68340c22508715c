package io.pusherpipeline.webhooks;

/**
 * A webhook request refused before anything was stored: the HTTP status to answer, the outcome
 * counted in {@code pusher_webhooks_total}, and a reason fit for the log (never the secret or the body).
 */
public final class WebhookRefused extends RuntimeException {

    private final int status;
    private final String outcome;

    public WebhookRefused(int status, String outcome, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.outcome = outcome;
    }

    public int status() {
        return status;
    }

    public String outcome() {
        return outcome;
    }
}
