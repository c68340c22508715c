package io.pusherpipeline.replicas;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;

/**
 * {@code pusher.cluster=kubernetes}: Camel's Kubernetes cluster service, one Lease per lock named
 * {@code {lease-prefix}-{lock}}. Loaded only then: its classes are beside the jar only with -Pkubernetes.
 */
final class KubernetesLocks {

    private KubernetesLocks() {
    }

    /**
     * The cluster service. Camel counts a holder alive while its pod is Running and Ready among the pods
     * with {@code labels}; a new holder waits one lease duration before it starts, so that the old one can stop.
     * {@code connection} null: the client configures itself (in a pod, from its service account).
     */
    static CamelClusterService service(Cluster.Kubernetes settings, String podName, KubernetesConfiguration connection) {
        KubernetesClusterService service = connection == null ? new KubernetesClusterService()
                : new KubernetesClusterService(connection);
        service.setId("pusher-pipeline");
        service.setPodName(podName);
        service.setLeaseResourceType(org.apache.camel.component.kubernetes.cluster.LeaseResourceType.Lease);
        service.setKubernetesResourceName(settings.leasePrefix());
        if (!settings.namespace().isEmpty()) {
            service.setKubernetesResourcesNamespace(settings.namespace());
        }
        service.setClusterLabels(settings.labels());
        service.setLeaseDurationMillis(settings.leaseDuration().toMillis());
        service.setRenewDeadlineMillis(settings.renewDeadline().toMillis());
        service.setRetryPeriodMillis(settings.retryPeriod().toMillis());
        return service;
    }

    /** The same through a client configured as in a pod (its service account) or by ~/.kube/config. */
    static List<LockHolder> holders(String namespace, String prefix) {
        try (KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build()) {
            return holders(client, namespace, prefix);
        }
    }

    /** The holders of the Leases named {@code {prefix}-...} in {@code namespace} (empty: the client's own), for show. */
    static List<LockHolder> holders(KubernetesClient client, String namespace, String prefix) {
        String in = namespace.isEmpty() ? client.getNamespace() : namespace;
        List<LockHolder> holders = new ArrayList<>();
        for (Lease lease : client.leases().inNamespace(in).list().getItems()) {
            String name = lease.getMetadata().getName();
            if (!name.startsWith(prefix + "-") || lease.getSpec() == null) {
                continue;
            }
            String holder = lease.getSpec().getHolderIdentity();
            Optional<Duration> renewed = Optional.ofNullable(lease.getSpec().getRenewTime())
                    .map(t -> Duration.between(t.toInstant(), Instant.now()));
            holders.add(new LockHolder(name.substring(prefix.length() + 1), holder == null ? "none" : holder,
                    Optional.ofNullable(lease.getSpec().getAcquireTime()).map(ZonedDateTime::toInstant).orElse(null),
                    holder == null ? Optional.empty() : renewed, holder != null));
        }
        holders.sort(Comparator.comparing(LockHolder::lock));
        return holders;
    }
}
