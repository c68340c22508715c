package io.pusherpipeline.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The request routes' {@code onRedelivery}, run as a retry goes out (after Camel's wait): tells
 * the snapshot steps of a GET's retry and the publishing steps of a POST's. Camel's own retry log
 * says neither why in the user's terms nor only for failures that are retried.
 */
public final class RetryNotice implements Processor {

    private RetryListener get = RetryListener.NONE;
    private RetryListener post = RetryListener.NONE;

    public void setGet(RetryListener get) {
        this.get = get;
    }

    public void setPost(RetryListener post) {
        this.post = post;
    }

    @Override
    public void process(Exchange exchange) {
        int retry = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean isPost = "POST".equals(exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class));
        (isPost ? post : get).retrying(exchange, retry, failure);
    }
}
