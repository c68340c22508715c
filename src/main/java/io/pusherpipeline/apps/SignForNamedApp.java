package io.pusherpipeline.apps;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Addresses a POST to the API of the app named by header {@value #HEADER} (empty or absent: the app
 * of {@code pusher.app-id}) and signs it with that app's credentials.
 */
public final class SignForNamedApp implements Processor {

    /** The header naming the app, as {@code pusher.apps} does; {@code direct:pusher-publish} takes it too. */
    public static final String HEADER = "PusherApp";

    private PusherApps apps;

    public void setApps(PusherApps apps) {
        this.apps = apps;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getMessage().getHeader(HEADER, "", String.class).strip();
        PusherApp app = apps.forPublishing(name);
        // Ours, not Pusher's: not sent on as an HTTP header.
        exchange.getMessage().removeHeader(HEADER);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, app.baseUri());
        app.signer().process(exchange);
    }
}
