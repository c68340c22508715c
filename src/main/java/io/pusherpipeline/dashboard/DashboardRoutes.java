package io.pusherpipeline.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's three addresses on the management server's Vert.x router, beside Camel's
 * /observe/*: Camel routes (platform-http) can only reach the main HTTP server, the webhooks' port.
 */
final class DashboardRoutes {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.dashboard");

    private DashboardRoutes() {
    }

    static void mount(CamelContext context, Dashboard dashboard) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null) {
            LOG.warn("No dashboard: the management server is not running (pusher.management.enabled=true starts it)");
            return;
        }
        Router router = server.getRouter();
        Buffer page = asset("index.html");
        Buffer script = asset("dashboard.js");
        router.get("/").handler(http -> send(http, "text/html; charset=utf-8", page));
        router.get("/dashboard.js").handler(http -> send(http, "text/javascript; charset=utf-8", script));
        // A database read: off the event loop.
        router.get("/dashboard.json").blockingHandler(http -> {
            try {
                send(http, "application/json", Buffer.buffer(dashboard.json()));
            } catch (RuntimeException e) {
                LOG.warn("Dashboard figures not read: {}", e.getMessage());
                http.response().setStatusCode(503).end(e.getMessage());
            }
        }, false);
        LOG.info("Dashboard at http://{}:{}/", server.getHost(), server.getPort());
    }

    private static void send(RoutingContext http, String type, Buffer body) {
        http.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-store").end(body);
    }

    private static Buffer asset(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The jar has no dashboard/" + name);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
