package io.pusherpipeline.cli;

import io.pusherpipeline.replicas.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and checks {@code pusher.cluster} and the settings of the cluster it names. */
final class ClusterSettings {

    private ClusterSettings() {
    }

    static Cluster read(SettingsReader read) {
        String kind = read.text("pusher.cluster");
        switch (kind) {
            case "none":
                return Cluster.NONE;
            case "file":
                return file(read);
            case "kubernetes":
                return kubernetes(read);
            default:
                read.problem("Unknown pusher.cluster=" + kind + ": use none (one process, the default), file (replicas sharing"
                        + " the folder pusher.cluster.file.root) or kubernetes (replicas in pods, sharing Leases).");
                return Cluster.NONE;
        }
    }

    private static Cluster file(SettingsReader read) {
        String root = read.text("pusher.cluster.file.root");
        if (root.isEmpty()) {
            read.problem("pusher.cluster=file needs pusher.cluster.file.root (PUSHER_CLUSTER_FILE_ROOT): a folder every"
                    + " replica reaches, such as a shared volume, where the locks are kept.");
        }
        Duration heartbeat = read.duration("pusher.cluster.file.heartbeat");
        int missed = read.positiveInteger("pusher.cluster.file.missed-heartbeats");
        return new Cluster(Cluster.Kind.FILE, Path.of(root).toAbsolutePath(), heartbeat, missed, null);
    }

    private static Cluster kubernetes(SettingsReader read) {
        try {
            Class.forName(Cluster.KUBERNETES_SERVICE, false, ClusterSettings.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            read.problem("pusher.cluster=kubernetes needs the Kubernetes client, which is not built in (15 MB): build with"
                    + " `mvn -B package -DskipTests -Pkubernetes`, which puts it in target/lib, where the jar looks for it.");
        }
        String prefix = read.text("pusher.cluster.kubernetes.lease-prefix");
        if (!prefix.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            read.problem("pusher.cluster.kubernetes.lease-prefix=" + prefix + " must be lower-case letters, digits and -,"
                    + " like pusher-pipeline: the Leases are named {prefix}-{lock}.");
        }
        Duration lease = read.duration("pusher.cluster.kubernetes.lease-duration");
        Duration renew = read.duration("pusher.cluster.kubernetes.renew-deadline");
        Duration retry = read.duration("pusher.cluster.kubernetes.retry-period");
        // Camel's own rules, said here with the settings' names rather than at the first takeover.
        if (lease.compareTo(renew) <= 0) {
            read.problem("pusher.cluster.kubernetes.lease-duration (" + lease.toMillis() + " ms) must be longer than"
                    + " pusher.cluster.kubernetes.renew-deadline (" + renew.toMillis() + " ms).");
        }
        if (renew.toMillis() <= 1.2 * retry.toMillis()) {
            read.problem("pusher.cluster.kubernetes.renew-deadline (" + renew.toMillis() + " ms) must be longer than 1.2 x"
                    + " pusher.cluster.kubernetes.retry-period (" + retry.toMillis() + " ms).");
        }
        Map<String, String> labels = labels(read, read.text("pusher.cluster.kubernetes.labels"));
        return new Cluster(Cluster.Kind.KUBERNETES, null, Duration.ZERO, 0, new Cluster.Kubernetes(
                read.text("pusher.cluster.kubernetes.namespace"), prefix, labels, lease, renew, retry));
    }

    /** {@code app=pusher-pipeline,tier=x}: the labels of the replicas' pods. */
    private static Map<String, String> labels(SettingsReader read, String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] parts = pair.strip().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                read.problem("pusher.cluster.kubernetes.labels=" + text + " must be the labels of the replicas' pods as"
                        + " name=value pairs separated by commas, like app=pusher-pipeline.");
                return Map.of();
            }
            labels.put(parts[0].strip(), parts[1].strip());
        }
        return labels;
    }
}
