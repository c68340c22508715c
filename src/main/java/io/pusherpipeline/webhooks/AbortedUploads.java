package io.pusherpipeline.webhooks;

import io.pusherpipeline.metrics.PipelineMetrics;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests whose client went away mid-request (an upload abandoned, a connection reset): Vert.x logs
 * every failure no handler takes as an ERROR with its stack, before any signature is checked, so
 * anyone who reaches the port could fill the log. Each is one DEBUG line and counts in
 * {@code pusher_webhooks_total{outcome="aborted"}}; every other failure goes on as before.
 */
public final class AbortedUploads {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.webhooks");

    private AbortedUploads() {
    }

    /** On the server of the webhook port (Camel Main's platform-http), once it runs; nothing without one. */
    public static void keepOutOfTheLog(CamelContext context) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return;
        }
        PipelineMetrics metrics = new PipelineMetrics();
        server.getRouter().route().failureHandler(http -> {
            if (aborted(http)) {
                LOG.debug("Request {} {} ended by the client before its answer: {}", http.request().method(),
                        http.request().path(), http.failure());
                metrics.webhook(context, "aborted");
            } else {
                http.next();
            }
        });
    }

    private static boolean aborted(RoutingContext http) {
        for (Throwable t = http.failure(); t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException
                    || t instanceof IOException io && String.valueOf(io.getMessage()).contains("Connection reset")) {
                return true;
            }
        }
        return http.request().connection() == null || http.response().closed();
    }
}
