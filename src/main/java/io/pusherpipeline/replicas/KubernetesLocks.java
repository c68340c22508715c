package io.pusherpipeline.replicas;

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
}
