package io.pusherpipeline.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Waits before a request to Pusher is tried again: exponential backoff with jitter from
 * {@code pusher.http.backoff}, or as long as a 429's or 503's {@code Retry-After} asks.
 */
public final class Backoff implements Processor {

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private Duration base = Duration.ofSeconds(1);
    private RetryListener listener = RetryListener.NONE;

    public void setBase(String base) {
        this.base = Duration.ofMillis(org.apache.camel.util.TimeUtils.toMilliSeconds(base));
    }

    public void setListener(RetryListener listener) {
        this.listener = listener;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration wait = delay(attempt, retryAfter(failure), ThreadLocalRandom.current().nextDouble());
        listener.retrying(exchange, attempt, wait, failure);
        Thread.sleep(wait.toMillis());
    }

    /** The wait before retry {@code attempt} (1-based): Retry-After when given, else base * 2^(attempt-1) * [0.5, 1.5). */
    Duration delay(int attempt, Duration retryAfter, double random) {
        if (retryAfter != null) {
            return min(retryAfter, MAX_WAIT);
        }
        double factor = Math.pow(2, Math.max(0, attempt - 1)) * (0.5 + random);
        return min(Duration.ofMillis((long) (base.toMillis() * factor)), MAX_WAIT);
    }

    static Duration retryAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
                for (Map.Entry<String, String> header : http.getResponseHeaders().entrySet()) {
                    if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                        try {
                            return Duration.ofSeconds(Long.parseLong(header.getValue().strip()));
                        } catch (NumberFormatException e) {
                            return null; // an HTTP date: fall back to the backoff
                        }
                    }
                }
            }
        }
        return null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
