package io.pusherpipeline.history;

/**
 * A history request refused before anything was read: the HTTP status, the outcome counted in
 * {@code pusher_history_total}, and a one-line reason fit for the answer and the log (never a
 * secret, and for 401 nothing that depends on the channel's events).
 */
public final class HistoryRefused extends RuntimeException {

    private final int status;
    private final String outcome;

    public HistoryRefused(int status, String outcome, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.outcome = outcome;
    }

    static HistoryRefused badRequest(String reason) {
        return new HistoryRefused(400, "bad_request", reason);
    }

    static HistoryRefused unauthorized(String reason) {
        return new HistoryRefused(401, "unauthorized", reason);
    }

    public int status() {
        return status;
    }

    public String outcome() {
        return outcome;
    }
}
