package io.pusherpipeline.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.pusherpipeline.RouteGroups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * pusher.cluster=kubernetes against Fabric8's Kubernetes API server mock in CRUD mode (Leases and Pods
 * kept as a server keeps them): two replicas, each a CamelContext with the lock service and policies the
 * launcher installs; one holds the snapshot lock, and the other takes it over when the holder stops and
 * its pod goes away.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLocksTest {

    private static final Cluster.Kubernetes SETTINGS = new Cluster.Kubernetes("", "pusher-pipeline",
            Map.of("app", "pusher-pipeline"), Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(400));
    private static final String LOCK = "pusher-snapshot";

    static KubernetesClient client;

    private final List<CamelContext> contexts = new ArrayList<>();
    private final Map<String, AtomicInteger> ticks = Map.of("pod-a", new AtomicInteger(), "pod-b", new AtomicInteger());

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
    }

    @Test
    void oneReplicaHoldsTheLockAndTheOtherTakesOverWhenItStops() throws Exception {
        pod("pod-a");
        pod("pod-b");
        CamelContext a = replica("pod-a");
        CamelContext b = replica("pod-b");

        String holder = awaitLease(Optional.empty());
        CamelContext leader = holder.equals("pod-a") ? a : b;
        CamelContext standby = leader == a ? b : a;
        String other = holder.equals("pod-a") ? "pod-b" : "pod-a";
        Awaitility.await("the holder's snapshot route running").atMost(Duration.ofSeconds(10))
                .until(() -> ticks.get(holder).get() > 2);
        assertThat(status(standby)).isEqualTo(ServiceStatus.Stopped);
        assertThat(ticks.get(other).get()).isZero();
        assertThat(locks(standby).holders()).containsEntry(LOCK, holder);
        assertThat(locks(leader).holders()).containsEntry(LOCK, holder);
        assertThat(KubernetesLocks.holders(client, "", "pusher-pipeline")).singleElement()
                .satisfies(h -> assertThat(h.lock() + " " + h.replica() + " " + h.live()).isEqualTo(LOCK + " " + holder + " true"));

        Instant stopped = Instant.now();
        leader.stop();
        client.pods().withName(holder).delete();
        awaitLease(Optional.of(holder));
        Awaitility.await("the new holder's snapshot route running").atMost(Duration.ofSeconds(10))
                .until(() -> status(standby) == ServiceStatus.Started && ticks.get(other).get() > 0);
        Duration takeover = Duration.between(stopped, Instant.now());
        // Camel's bound: a look every retry period (with jitter), then one lease duration before it starts.
        assertThat(takeover).isLessThan(SETTINGS.leaseDuration().plus(SETTINGS.retryPeriod().multipliedBy(2)).plusSeconds(2));
        assertThat(locks(standby).heldSince(LOCK)).isPresent();
    }

    /** A replica as the launcher makes it: the lock service, its policies, and a snapshot route that counts its ticks. */
    private CamelContext replica(String pod) throws Exception {
        CamelContext context = new DefaultCamelContext();
        KubernetesConfiguration connection = new KubernetesConfiguration();
        // Each its own client: a cluster view closes its client when it stops.
        connection.setKubernetesClient(new KubernetesClientBuilder().withConfig(client.getConfiguration()).build());
        CamelClusterService service = KubernetesLocks.service(SETTINGS, pod, connection);
        Locks locks = Replicas.install(context, service, new Locks(pod, service, null));
        context.addService(service);
        context.addRoutePolicyFactory(context.getRegistry().lookupByNameAndType("pusherLockedRoutes", LockedRoutes.class));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:" + pod + "?period=100").routeId(LOCK).group(RouteGroups.SNAPSHOT).process(e -> ticks.get(pod).incrementAndGet());
            }
        });
        context.start();
        contexts.add(context);
        assertThat(locks.replicaId()).isEqualTo(pod);
        return context;
    }

    private static Locks locks(CamelContext context) {
        return context.getRegistry().findSingleByType(Locks.class);
    }

    private static ServiceStatus status(CamelContext context) {
        return context.getRouteController().getRouteStatus(LOCK);
    }

    /** Waits for the Lease of the snapshot lock to name a holder other than {@code previous}; returns it. */
    private static String awaitLease(Optional<String> previous) {
        return Awaitility.await("a holder of the Lease" + previous.map(p -> " other than " + p).orElse(""))
                .atMost(Duration.ofSeconds(20)).until(() -> {
                    Lease lease = client.leases().withName("pusher-pipeline-" + LOCK).get();
                    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
                }, holder -> holder != null && !previous.map(holder::equals).orElse(false));
    }

    /** A running, ready pod of the replicas' label, as the kubelet reports one. */
    private static void pod(String name) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "pusher-pipeline").endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
        client.pods().resource(pod).create();
    }
}
