package io.pusherpipeline.replicas;

import io.pusherpipeline.RouteGroups;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Puts Camel's clustered route policy on the routes that must run on one replica at a time, those
 * the YAML puts in a group of {@link RouteGroups}: each app's snapshot route, the events inbox and
 * the websocket archiver, each under a lock named by its route id. Every other route (the webhook receiver,
 * direct:pusher-publish) runs on every replica. Camel Main adds a RoutePolicyFactory bean to every route.
 */
public final class LockedRoutes implements RoutePolicyFactory {

    private final CamelClusterService service;
    private final Locks locks;

    public LockedRoutes(CamelClusterService service, Locks locks) {
        this.service = service;
        this.locks = locks;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        String group = RouteGroups.of(route);
        if (!RouteGroups.SNAPSHOT.equals(group) && !RouteGroups.INBOX.equals(group) && !RouteGroups.ARCHIVE.equals(group)) {
            return null;
        }
        String lock = routeId;
        locks.watch(lock, RouteGroups.SNAPSHOT.equals(group));
        try {
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, lock);
            policy.setCamelContext(context);
            return policy;
        } catch (Exception e) {
            throw new RuntimeCamelException("Cannot put route " + routeId + " under the cluster lock " + lock, e);
        }
    }
}
