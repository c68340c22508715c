package io.pusherpipeline.replicas;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code pusher.cluster} and its settings, checked: which Camel cluster service the replicas share their
 * locks through. {@code file}: a folder every replica reaches; {@code kubernetes}: Leases in a namespace.
 */
public record Cluster(Kind kind, Path fileRoot, Duration heartbeat, int missedHeartbeats, Kubernetes kubernetes) {

    /** The values of {@code pusher.cluster}. */
    public enum Kind { NONE, FILE, KUBERNETES }

    /** {@code pusher.cluster.kubernetes.*}: an empty namespace is the pod's own. */
    public record Kubernetes(String namespace, String leasePrefix, Map<String, String> labels,
                             Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    /** One process, no locks: the default. */
    public static final Cluster NONE = new Cluster(Kind.NONE, null, Duration.ZERO, 0, null);

    /** The class that {@code pusher.cluster=kubernetes} needs, beside the jar only when built with -Pkubernetes. */
    public static final String KUBERNETES_SERVICE = "org.apache.camel.component.kubernetes.cluster.KubernetesClusterService";

    public boolean enabled() {
        return kind != Kind.NONE;
    }

    /**
     * How this replica is named in the logs, the health details and {@code show}: the pod's name in
     * Kubernetes (its HOSTNAME, as Camel's Kubernetes cluster service names it), the host and process
     * id otherwise, which tells apart several replicas on one machine.
     */
    public String replicaId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return kind == Kind.KUBERNETES ? host : host + "-" + ProcessHandle.current().pid();
    }

    /**
     * The longest a dead holder keeps its lock with the file cluster: Camel takes a lock over once its
     * heartbeat is more than {@code missedHeartbeats} heartbeats old, looking once a heartbeat.
     */
    public Duration fileTakeover() {
        return heartbeat.multipliedBy(missedHeartbeats + 1L);
    }
}
