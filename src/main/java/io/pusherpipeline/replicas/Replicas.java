package io.pusherpipeline.replicas;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.spi.Registry;

/**
 * Binds what {@code pusher.cluster} needs before Camel Main configures the context: the cluster service
 * (Camel Main starts any CamelClusterService bean), the policy factory that puts the locked routes under
 * it, the locks' state, and a readiness check that names the holders.
 */
public final class Replicas {

    private Replicas() {
    }

    /** Returns the locks' state, for the launcher to act on takeovers. */
    public static Locks install(CamelContext context, Cluster cluster) {
        String replica = cluster.replicaId();
        CamelClusterService service;
        HolderFiles holderFiles = null;
        if (cluster.kind() == Cluster.Kind.FILE) {
            service = file(cluster, replica);
            holderFiles = new HolderFiles(cluster.fileRoot(), cluster.fileTakeover());
        } else {
            service = KubernetesLocks.service(cluster.kubernetes(), replica, null);
        }
        return install(context, service, new Locks(replica, service, holderFiles));
    }

    /** The same with a service made elsewhere (tests: the Kubernetes API server mock). */
    public static Locks install(CamelContext context, CamelClusterService service, Locks locks) {
        Registry registry = context.getRegistry();
        registry.bind("pusherClusterService", service);
        registry.bind("pusherLocks", locks);
        registry.bind("pusherLockedRoutes", new LockedRoutes(service, locks));
        registry.bind("pusherReplicaReadiness", new ReplicaReadiness(locks));
        return locks;
    }

    /**
     * Camel's file lock: the holder rewrites {@code {root}/{lock}.dat} every heartbeat, the others look as
     * often and take over a heartbeat older than {@code missedHeartbeats} heartbeats, or an emptied one
     * (a holder that stopped gracefully) at their next look.
     */
    private static CamelClusterService file(Cluster cluster, String replica) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(replica);
        service.setRoot(cluster.fileRoot().toString());
        service.setAcquireLockInterval(cluster.heartbeat().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(cluster.missedHeartbeats());
        return service;
    }
}
