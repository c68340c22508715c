package io.pusherpipeline.apps;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of the snapshot route template (pusher.routes.reload=true): Camel replaces the
 * template but not the routes made from it, so each app's route is made again here, after a
 * graceful stop that lets a snapshot in flight finish.
 */
final class TemplateReload implements ModelLifecycleStrategy {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.routes");
    private static final Duration ADDED_WITHIN = Duration.ofSeconds(10);

    private final CamelContext context;
    private final List<PusherApp> apps;
    private final ScheduledExecutorService remake;

    TemplateReload(CamelContext context, List<PusherApp> apps) {
        this.context = context;
        this.apps = apps;
        this.remake = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "pusher-template-reload");
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // At start-up the routes are made by SnapshotRoutes; only a later change of the template is a reload.
        if (SnapshotRoutes.TEMPLATE.equals(template.getId()) && context.isStarted()) {
            // After the reload has put the new template in place, not inside Camel's call.
            remake.submit(() -> remakeRoutes(template, System.nanoTime() + ADDED_WITHIN.toNanos()));
        }
    }

    private void remakeRoutes(RouteTemplateDefinition changed, long deadline) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        // Camel tells of the new template just before it adds it: look again shortly until it is there.
        if (!model.getRouteTemplateDefinitions().contains(changed)) {
            if (System.nanoTime() > deadline) {
                LOG.error("The changed snapshot route template did not arrive within {} s; the routes keep the old one",
                        ADDED_WITHIN.toSeconds());
            } else {
                remake.schedule(() -> remakeRoutes(changed, deadline), 10, TimeUnit.MILLISECONDS);
            }
            return;
        }
        // Camel adds the new template beside the old one, and a lookup by id finds the old one first.
        for (RouteTemplateDefinition old : List.copyOf(model.getRouteTemplateDefinitions())) {
            if (SnapshotRoutes.TEMPLATE.equals(old.getId()) && old != changed) {
                try {
                    model.removeRouteTemplateDefinition(old);
                } catch (Exception e) {
                    LOG.error("Could not drop the old snapshot route template: {}", e.getMessage());
                }
            }
        }
        for (PusherApp app : apps) {
            try {
                context.getRouteController().stopRoute(app.routeId());
                context.removeRoute(app.routeId());
                TemplatedRouteBuilder.builder(context, SnapshotRoutes.TEMPLATE).routeId(app.routeId())
                        .parameter("app", app.name()).parameter("timer", app.routeId()).add();
                LOG.info("Reloaded route {} from the changed template", app.routeId());
            } catch (Exception e) {
                LOG.error("Could not remake route {} from the changed template: {}", app.routeId(), e.toString());
            }
        }
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        // Routes other than the template's are reloaded by Camel itself.
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        // Nothing to follow.
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // The routes made from it keep running until a new template arrives.
    }
}
