package io.pusherpipeline.api;

import java.time.Duration;
import org.apache.camel.Exchange;

/** Told of every retry, so a snapshot can count it and its summary can say so. */
public interface RetryListener {

    RetryListener NONE = (exchange, attempt, wait, failure) -> { };

    void retrying(Exchange exchange, int attempt, Duration wait, Throwable failure);
}
