package io.pusherpipeline.api;

import org.apache.camel.Exchange;

/** Told of every retry as it goes out, so that a snapshot can count it and the log can say why. */
public interface RetryListener {

    RetryListener NONE = (exchange, retry, failure) -> { };

    void retrying(Exchange exchange, int retry, Throwable failure);
}
