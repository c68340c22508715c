package io.pusherpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.replicas.Cluster;
import io.pusherpipeline.testing.DefaultSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pusher.cluster and the settings of each cluster, checked once at start like the others (exit 2, one line each). */
class ClusterSettingsTest {

    @Test
    void noneIsTheDefaultAndChangesNothing() {
        assertThat(read(DefaultSettings.withCredentials()).cluster()).isEqualTo(Cluster.NONE);
    }

    @Test
    void theFileClusterIsAFolderAHeartbeatAndTheHeartbeatsMissedBeforeATakeover() {
        Map<String, String> properties = with("file");
        properties.put("pusher.cluster.file.root", "/shared/locks");

        Cluster cluster = read(properties).cluster();

        assertThat(cluster.kind()).isEqualTo(Cluster.Kind.FILE);
        assertThat(cluster.fileRoot()).isEqualTo(Path.of("/shared/locks"));
        assertThat(cluster.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cluster.fileTakeover()).as("the documented bound").isEqualTo(Duration.ofSeconds(30));
        assertThat(cluster.replicaId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void theKubernetesClusterIsLeasesOfAPrefixAmongThePodsOfTheLabels() {
        Cluster cluster = read(with("kubernetes")).cluster();

        assertThat(cluster.kind()).isEqualTo(Cluster.Kind.KUBERNETES);
        assertThat(cluster.kubernetes().leasePrefix()).isEqualTo("pusher-pipeline");
        assertThat(cluster.kubernetes().labels()).isEqualTo(Map.of("app", "pusher-pipeline"));
        assertThat(cluster.kubernetes().namespace()).isEmpty();
        assertThat(cluster.kubernetes().leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "pusher.cluster | zookeeper | Unknown pusher.cluster=zookeeper: use none (one process, the default), file",
        "pusher.cluster.file.root | '' | pusher.cluster=file needs pusher.cluster.file.root (PUSHER_CLUSTER_FILE_ROOT)",
        "pusher.cluster.file.heartbeat | often | pusher.cluster.file.heartbeat=often is not a duration",
        "pusher.cluster.file.missed-heartbeats | 0 | pusher.cluster.file.missed-heartbeats=0 must be 1 or more",
        "pusher.cluster.kubernetes.lease-prefix | Pusher_Pipeline | pusher.cluster.kubernetes.lease-prefix=Pusher_Pipeline must be lower-case",
        "pusher.cluster.kubernetes.labels | app | pusher.cluster.kubernetes.labels=app must be the labels of the replicas' pods",
        "pusher.cluster.kubernetes.lease-duration | 10s | pusher.cluster.kubernetes.lease-duration (10000 ms) must be longer than pusher.cluster.kubernetes.renew-deadline (10000 ms)",
        "pusher.cluster.kubernetes.retry-period | 9s | pusher.cluster.kubernetes.renew-deadline (10000 ms) must be longer than 1.2 x pusher.cluster.kubernetes.retry-period (9000 ms)",
    })
    void aWrongClusterSettingIsOneLineNamingIt(String key, String value, String message) {
        Map<String, String> properties = with(key.startsWith("pusher.cluster.kubernetes") ? "kubernetes" : "file");
        properties.put("pusher.cluster.file.root", "/shared/locks");
        properties.put(key, value);

        assertThatThrownBy(() -> read(properties)).isInstanceOf(ConfigurationProblem.class).hasMessageContaining(message)
                .hasMessageNotContaining(System.lineSeparator());
    }

    private static Map<String, String> with(String cluster) {
        Map<String, String> properties = DefaultSettings.withCredentials();
        properties.put("pusher.cluster", cluster);
        return properties;
    }

    private static Settings read(Map<String, String> properties) {
        return Settings.read(key -> Optional.ofNullable(properties.get(key)));
    }
}
