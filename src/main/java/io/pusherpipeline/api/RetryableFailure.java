package io.pusherpipeline.api;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Whether a failed request to Pusher is tried again: connection errors, timeouts, 5xx and 429,
 * at most {@code pusher.http.retries} times; never another 4xx, which would fail the same way.
 */
public final class RetryableFailure implements Predicate {

    private int retries = 3;

    public void setRetries(int retries) {
        this.retries = retries;
    }

    @Override
    public boolean matches(Exchange exchange) {
        // Camel has counted the coming attempt and moved the failure to EXCEPTION_CAUGHT by now.
        int retry = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        return retry <= retries && isRetryable(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return isRetryableStatus(http.getStatusCode());
            }
            if (t instanceof PusherApiException api) {
                return isRetryableStatus(api.status());
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean isRetryableStatus(int status) {
        return status == 429 || status >= 500;
    }
}
