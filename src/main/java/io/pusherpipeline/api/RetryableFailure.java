package io.pusherpipeline.api;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Predicate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.apache.camel.util.TimeUtils;

/**
 * The request routes' {@code retryWhile}: a failure {@link PusherStatus#shouldRetry() worth
 * retrying}, while retries are left (Camel leaves that count to this predicate once there is one).
 * A {@code Retry-After} (in seconds) becomes the wait before the coming attempt: Camel reads
 * {@link Exchange#REDELIVERY_DELAY} right after asking this predicate.
 */
public final class RetryableFailure implements Predicate {

    private long maximumWaitMillis = 60_000;

    /** The longest Retry-After honoured, as the backoff's maximumRedeliveryDelay. */
    public void setMaximumWait(String maximumWait) {
        this.maximumWaitMillis = TimeUtils.toMilliSeconds(maximumWait);
    }

    @Override
    public boolean matches(Exchange exchange) {
        Message message = exchange.getIn();
        // Counted by Camel for the coming attempt; the maximum is its maximumRedeliveries (absent when 0).
        int retry = message.getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        int retries = message.getHeader(Exchange.REDELIVERY_MAX_COUNTER, 0, Integer.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (retry > retries || !PusherStatus.of(failure).shouldRetry()) {
            return false;
        }
        Long retryAfter = retryAfterMillis(failure);
        if (retryAfter == null) {
            message.removeHeader(Exchange.REDELIVERY_DELAY);
        } else {
            message.setHeader(Exchange.REDELIVERY_DELAY, Math.min(retryAfter, maximumWaitMillis));
        }
        return true;
    }

    /** A Retry-After in seconds, in milliseconds; null when there is none or it is an HTTP date (the backoff applies). */
    static Long retryAfterMillis(Throwable failure) {
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        if (http != null && http.getResponseHeaders() != null) {
            for (Map.Entry<String, String> header : http.getResponseHeaders().entrySet()) {
                if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                    try {
                        return Long.parseLong(header.getValue().strip()) * 1000;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
