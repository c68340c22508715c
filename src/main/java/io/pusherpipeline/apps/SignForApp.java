package io.pusherpipeline.apps;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Addresses a request to the API of the app whose snapshot it belongs to (exchange property
 * {@value #PROPERTY}) and signs it with that app's credentials.
 */
public final class SignForApp implements Processor {

    /** The exchange property that carries the {@link PusherApp} through a snapshot and its requests. */
    public static final String PROPERTY = io.pusherpipeline.ExchangeProperties.APP;

    @Override
    public void process(Exchange exchange) {
        PusherApp app = exchange.getProperty(PROPERTY, PusherApp.class);
        if (app == null) {
            throw new IllegalStateException("No exchange property " + PROPERTY + ": a request to Pusher is made for the app of a snapshot route");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_URI, app.baseUri());
        app.signer().process(exchange);
    }
}
