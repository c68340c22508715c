package io.pusherpipeline.apps;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Signs a request with the credentials of the app whose snapshot it belongs to (exchange property {@value #PROPERTY}). */
public final class SignForApp implements Processor {

    /** The exchange property that carries the {@link PusherApp} through a snapshot and its requests. */
    public static final String PROPERTY = "pusherApp";

    @Override
    public void process(Exchange exchange) {
        PusherApp app = exchange.getProperty(PROPERTY, PusherApp.class);
        if (app == null) {
            throw new IllegalStateException("No exchange property " + PROPERTY + ": a request to Pusher is made for the app of a snapshot route");
        }
        app.signer().process(exchange);
    }
}
