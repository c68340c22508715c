package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;

/** With the shipped defaults there is no webhook route, no history API and no HTTP server for them. */
class WebhooksOffByDefaultTest extends CamelMainTestSupport {

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties p = new Properties();
        p.setProperty("pusher.app-id", "1");
        p.setProperty("pusher.app-key", "k");
        p.setProperty("pusher.app-secret", "s");
        p.setProperty("pusher.jdbc.url", "jdbc:h2:mem:off-by-default;DB_CLOSE_DELAY=-1");
        configuration.withUseOverridePropertiesWithPropertiesComponent(p);
        configuration.replaceRouteFromWith("pusher-snapshot", "direct:no-snapshot");
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Test
    void theReceiverIsNeitherARouteNorAServer() {
        assertThat(context.getRoute("pusher-webhooks")).isNull();
        assertThat(context.getRoute("pusher-history")).as("the history API is served with the receiver").isNull();
        assertThat(context.hasComponent("platform-http")).isNull();
        assertThat(context.getRegistry().lookupByName("pusherWebhookStore")).as("declared, never connected").isNotNull();
    }
}
