package io.pusherpipeline.replicas;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Puts Camel's clustered route policy on the routes that must run on one replica at a time: each app's
 * snapshot route under a lock of its own (its route id), the events inbox under one lock. Every other
 * route (the webhook receiver, direct:pusher-publish) runs on every replica. Camel Main adds a
 * RoutePolicyFactory bean to every route, so the route files stay as they are.
 */
public final class LockedRoutes implements RoutePolicyFactory {

    /** The route of routes/pusher-events-inbox.yaml. */
    public static final String INBOX = "pusher-events-inbox";

    private static final String SNAPSHOT = "pusher-snapshot";

    private final CamelClusterService service;
    private final Locks locks;

    public LockedRoutes(CamelClusterService service, Locks locks) {
        this.service = service;
        this.locks = locks;
    }

    /** The lock a route runs under, its id; null for the routes every replica runs. */
    public static String lockOf(String routeId) {
        if (routeId == null) {
            return null;
        }
        boolean locked = routeId.equals(INBOX) || routeId.equals(SNAPSHOT) || routeId.startsWith(SNAPSHOT + "-");
        return locked ? routeId : null;
    }

    /** A snapshot route's lock (rather than the inbox's). */
    public static boolean isSnapshotLock(String lock) {
        return lock.equals(SNAPSHOT) || lock.startsWith(SNAPSHOT + "-");
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        String lock = lockOf(routeId);
        if (lock == null) {
            return null;
        }
        locks.watch(lock);
        try {
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, lock);
            policy.setCamelContext(context);
            return policy;
        } catch (Exception e) {
            throw new RuntimeCamelException("Cannot put route " + routeId + " under the cluster lock " + lock, e);
        }
    }
}
