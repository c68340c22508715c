package io.pusherpipeline.apps;

import io.pusherpipeline.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Addresses a request to the API of the app whose snapshot it belongs to and signs it with that app's credentials. */
public final class SignForApp implements Processor {

    @Override
    public void process(Exchange exchange) {
        PusherApp app = exchange.getProperty(ExchangeProperties.APP, PusherApp.class);
        if (app == null) {
            throw new IllegalStateException("No exchange property " + ExchangeProperties.APP
                    + ": a request to Pusher is made for the app of a snapshot route");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_URI, app.baseUri());
        app.signer().process(exchange);
    }
}
