package io.pusherpipeline.apps;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;

/**
 * Makes one snapshot route per app of the {@code pusherApps} bean (routes/pusher-beans.yaml) from the
 * {@code pusher-snapshot} route template (routes/pusher-snapshot.yaml), and makes the routes again
 * when live reload changes the template.
 * Camel Main runs it through {@code camel.main.routes-builder-classes}.
 */
public final class SnapshotRoutes extends RouteBuilder {

    /** The id of the route template in routes/pusher-snapshot.yaml. */
    public static final String TEMPLATE = "pusher-snapshot";

    @Override
    public void configure() {
        PusherApps apps = getContext().getRegistry().lookupByNameAndType(PusherApps.BEAN, PusherApps.class);
        if (apps == null) {
            throw new IllegalStateException("No bean " + PusherApps.BEAN + ": load routes/pusher-beans.yaml before " + getClass().getName());
        }
        getContext().getCamelContextExtension().getContextPlugin(Model.class)
                .addModelLifecycleStrategy(new TemplateReload(getContext(), apps.all()));
        for (PusherApp app : apps.all()) {
            templatedRoute(TEMPLATE).routeId(app.routeId()).parameter("app", app.name())
                    .parameter("timer", app.routeId());
        }
    }
}
