package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.RealRoutesTestSupport;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** With the shipped defaults there is no webhook route, no history API and no HTTP server for them. */
class WebhooksOffByDefaultTest extends RealRoutesTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("pusher.app-id", "1");
        p.setProperty("pusher.app-key", "k");
        p.setProperty("pusher.app-secret", "s");
        p.setProperty("pusher.jdbc.url", "jdbc:h2:mem:off-by-default;DB_CLOSE_DELAY=-1");
        return p;
    }

    @Test
    void theReceiverIsNeitherARouteNorAServer() {
        assertThat(context.getRoute("pusher-webhooks")).isNull();
        assertThat(context.getRoute("pusher-history")).as("the history API is served with the receiver").isNull();
        assertThat(context.hasComponent("platform-http")).isNull();
        assertThat(context.getRegistry().lookupByName("pusherWebhookStore")).as("declared, never connected").isNotNull();
    }
}
