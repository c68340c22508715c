package io.pusherpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pusherpipeline.cli.Settings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ read with the Kubernetes client's own model classes, and held against the app: its
 * ports and health paths, the settings its environment variables name (and that they pass the start-up
 * check), a grace period that fits the shutdown timeout, and the rights the Lease locks need.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private final KubernetesSerialization yaml = new KubernetesSerialization();
    private final Properties defaults = defaults();

    @Test
    void theDeploymentServesThePortsAndProbesOfTheAppsSettings() throws Exception {
        Deployment deployment = read("deployment.yaml", Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().get(0);
        assertThat(ports(app)).containsEntry("webhooks", port("pusher.webhooks.port"))
                .containsEntry("management", port("pusher.management.port"));
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/ready");
        assertThat(app.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/live");
        assertThat(pod.getTerminationGracePeriodSeconds())
                .isGreaterThan(Long.parseLong(defaults.getProperty("camel.main.shutdown-timeout")));
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(envFrom(app)).containsExactly("ConfigMap pusher-pipeline", "Secret pusher-pipeline");
        assertThat(pod.getServiceAccountName()).isEqualTo(read("rbac.yaml", ServiceAccount.class).getMetadata().getName());
        assertThat(app.getVolumeMounts()).extracting(m -> m.getMountPath()).contains(config().get("PUSHER_EVENTS_DIR"));
    }

    @Test
    void theServiceSendsWebhooksToThePodsWebhookPort() throws Exception {
        Service service = read("service.yaml", Service.class);
        Deployment deployment = read("deployment.yaml", Deployment.class);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("webhooks"));
    }

    @Test
    void everyEnvironmentVariableIsASettingAndTheSettingsPassTheStartUpCheck() throws Exception {
        Map<String, String> env = new HashMap<>(config());
        env.putAll(read("secret.yaml", Secret.class).getStringData());
        Container job = read("cronjob.yaml", CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        job.getEnv().stream().map(EnvVar::getName).forEach(name -> env.putIfAbsent(name, ""));
        Set<String> settings = defaults.stringPropertyNames().stream().filter(k -> k.startsWith("pusher."))
                .map(KubernetesManifestsTest::environmentName).collect(Collectors.toSet());
        settings.addAll(List.of("PUSHER_APP_ID", "PUSHER_APP_KEY", "PUSHER_APP_SECRET"));
        assertThat(env.keySet()).allSatisfy(name -> assertThat(settings).as("a setting of application.properties").contains(name));

        // The pod's settings as the app reads them: the ConfigMap's and the Secret's over the jar's defaults.
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        Properties overrides = new Properties();
        defaults.stringPropertyNames().forEach(k -> {
            String value = env.get(environmentName(k));
            if (value != null && !value.isEmpty()) {
                overrides.setProperty(k, value);
            }
        });
        List.of("app-id", "app-key", "app-secret").forEach(k -> overrides.setProperty("pusher." + k, env.get(environmentName("pusher." + k))));
        context.getPropertiesComponent().setOverrideProperties(overrides);
        Function<String, java.util.Optional<String>> properties = key -> context.getPropertiesComponent().resolveProperty(key);
        Settings settings1 = Settings.read(properties);
        assertThat(settings1.cluster().kind().name()).isEqualTo("KUBERNETES");
        assertThat(settings1.cluster().kubernetes().labels())
                .isEqualTo(read("deployment.yaml", Deployment.class).getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void theRoleGrantsWhatTheLeaseLocksNeed() throws Exception {
        List<HasMetadata> rbac = documents("rbac.yaml");
        Role role = rbac.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
        RoleBinding binding = rbac.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast).findFirst().orElseThrow();
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).contains("get", "create", "update");
        });
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).contains("list");
        });
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("pusher-pipeline"));
    }

    @Test
    void theCronJobTakesOneSnapshotAtATime() throws Exception {
        CronJob job = read("cronjob.yaml", CronJob.class);
        assertThat(job.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        Container app = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getArgs()).containsExactly("--once");
        assertThat(envFrom(app)).containsExactly("ConfigMap pusher-pipeline", "Secret pusher-pipeline");
        assertThat(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    private Map<String, String> config() throws Exception {
        return read("configmap.yaml", ConfigMap.class).getData();
    }

    private <T> T read(String file, Class<T> type) throws Exception {
        return documents(file).stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    /** The file's resources, one per YAML document. */
    private List<HasMetadata> documents(String file) throws Exception {
        Object parsed = yaml.unmarshal(Files.readString(DIR.resolve(file)));
        return parsed instanceof List<?> list ? list.stream().map(HasMetadata.class::cast).toList() : List.of((HasMetadata) parsed);
    }

    private int port(String key) {
        return Integer.parseInt(defaults.getProperty(key));
    }

    private static Map<String, Integer> ports(Container container) {
        return container.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    }

    private static List<String> envFrom(Container container) {
        return container.getEnvFrom().stream().map(KubernetesManifestsTest::source).toList();
    }

    private static String source(EnvFromSource from) {
        return from.getConfigMapRef() != null ? "ConfigMap " + from.getConfigMapRef().getName() : "Secret " + from.getSecretRef().getName();
    }

    /** How the app names a setting's environment variable: upper case, . and - as _. */
    static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            properties.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties;
    }
}
