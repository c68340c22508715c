package io.pusherpipeline.history;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The page a route inside the runtime asks of direct:pusher-history, from its headers
 * {@code PusherChannel}, {@code PusherHistoryAfter} (default 0), {@code PusherHistoryLimit} (default
 * 100, at most 1000) and {@code PusherApp} (an app id; optional with one app). No auth: it is inside
 * the app. Wrong values throw {@link HistoryRefused} with the same reasons the HTTP API gives.
 */
public final class HistoryHeaders {

    public static final String CHANNEL = "PusherChannel";
    public static final String AFTER = "PusherHistoryAfter";
    public static final String LIMIT = "PusherHistoryLimit";
    public static final String APP = "PusherApp";

    private HistoryAccess access;

    public void setAccess(HistoryAccess access) {
        this.access = access;
    }

    public PageRequest request(Exchange exchange) {
        Message in = exchange.getMessage();
        String channel = in.getHeader(CHANNEL, String.class);
        if (channel == null || channel.isEmpty() || channel.length() > 200) {
            throw HistoryRefused.badRequest("header " + CHANNEL + " must be a channel name of 1 to 200 characters");
        }
        String after = in.getHeader(AFTER, String.class);
        String limit = in.getHeader(LIMIT, String.class);
        return new PageRequest(access.appFor(in.getHeader(APP, String.class)), channel,
                HistoryParameters.after(after == null ? null : after.strip()), HistoryParameters.limit(limit == null ? null : limit.strip()));
    }
}
