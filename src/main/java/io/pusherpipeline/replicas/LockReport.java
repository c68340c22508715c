package io.pusherpipeline.replicas;

import java.util.List;

/**
 * The locks' holders as the shared folder or the Leases tell them, for {@code show}, which runs no cluster
 * service. Nothing of the Kubernetes client is loaded unless asked for.
 */
public final class LockReport {

    private LockReport() {
    }

    /** {@code pusher.cluster=file}: from the holder files and Camel's heartbeats in the folder. */
    public static List<LockHolder> file(Cluster cluster) {
        return new HolderFiles(cluster.fileRoot(), cluster.fileTakeover()).all();
    }

    /** {@code pusher.cluster=kubernetes}: from the Leases, through the client configured as in a pod (or by ~/.kube/config). */
    public static List<LockHolder> kubernetes(Cluster cluster) {
        return KubernetesLocks.holders(cluster.kubernetes().namespace(), cluster.kubernetes().leasePrefix());
    }
}
