package io.pusherpipeline;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.model.RouteDefinition;

/**
 * The route groups by which the YAML marks the routes the Java treats apart, so that no route id
 * or file name is spelled in Java: a user who renames a route keeps its replica lock and --once.
 */
public final class RouteGroups {

    /** Each app's snapshot route (the template of routes/pusher-snapshot.yaml): a replica lock each; it ends --once. */
    public static final String SNAPSHOT = "pusher-snapshot";
    /** The events inbox (routes/pusher-events-inbox.yaml): one replica lock. */
    public static final String INBOX = "pusher-inbox";
    /** The websocket archiver (routes/pusher-archive.yaml): one replica lock, so one connection per app. */
    public static final String ARCHIVE = "pusher-archive";

    private RouteGroups() {
    }

    /** The group of a route as its definition declares it, or null. */
    public static String of(NamedNode route) {
        return route instanceof RouteDefinition definition ? definition.getGroup() : null;
    }

    /** The group of the route the exchange came from, or null. */
    public static String of(Exchange exchange) {
        String id = exchange.getFromRouteId();
        Route route = id == null ? null : exchange.getContext().getRoute(id);
        return route == null ? null : route.getGroup();
    }
}
