package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another Camel application embedding the library jar: Camel's own {@code org.apache.camel.main.Main}
 * in a process of its own, its classpath the Camel and database jars plus {@code pusher-pipeline-lib.jar}
 * (not the app's jar or launcher), configured only by its own application.properties as the README says.
 */
class HostCamelMainIT {

    private static final FakePusher PUSHER = FakePusher.start("502", "host-key", "host-secret");

    @TempDir
    Path workDir;

    @AfterAll
    static void stop() {
        PUSHER.close();
    }

    @Test
    void theLibraryJarHoldsTheRoutesAndBeansButNotCamelNorTheLauncher() throws IOException {
        try (JarFile jar = new JarFile(libJar().toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("routes/pusher-snapshot.yaml", "routes/pusher-beans.yaml",
                    "pusher-pipeline/application.properties", "kamelets/pusher-snapshot-source.kamelet.yaml",
                    "io/pusherpipeline/snapshot/SnapshotSteps.class");
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/camel/"))
                    .doesNotContain("application.properties", "io/pusherpipeline/cli/Launcher.class", "simplelogger.properties");
            assertThat(names).noneMatch(n -> n.startsWith("io/pusherpipeline/cli/"));
        }
    }

    @Test
    void aHostCamelMainThatOnlyAddsTheJarAndSetsPusherPropertiesTakesSnapshots() throws Exception {
        PUSHER.channel("orders", 2).members("presence-room", "alice", "bob");
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        // The README's embedding snippet, then the host's own settings.
        Files.writeString(conf.resolve("application.properties"), """
                camel.main.name = some-host-app
                camel.main.routes-include-pattern = classpath:routes/pusher-*.yaml
                camel.component.properties.location = classpath:application.properties,classpath:pusher-pipeline/application.properties
                pusher.app-id = 502
                pusher.app-key = host-key
                pusher.app-secret = host-secret
                pusher.scheme = http
                pusher.host = 127.0.0.1
                pusher.port = %d
                pusher.snapshot.period = 1h
                pusher.jdbc.url = jdbc:h2:file:./data/host;AUTO_SERVER=TRUE
                """.formatted(PUSHER.port()));
        String classpath = String.join(java.io.File.pathSeparator, conf.toString(), libJar().toString(),
                libJar().resolveSibling("lib").resolve("*").toString());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.apache.camel.main.Main").directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PUSHER_"));
        Path log = Files.createTempFile("pusher-host-", ".log");
        pb.redirectOutput(log.toFile());
        JarRun.Running host = new JarRun.Running(pb.start(), log);
        try {
            host.awaitOutput("of app 502 loaded", 60);

            assertThat(host.output()).contains("Apache Camel 4.18.0 (some-host-app)", "Started pusher-snapshot");
            assertThat(rows("SELECT app_id, status, channel_count, user_count, request_count FROM pusher_data.pusher_loads"))
                    .containsExactly(List.of("502", "loaded", "2", "2", "2"));
            assertThat(rows("SELECT channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY user_id"))
                    .containsExactly(List.of("presence-room", "alice"), List.of("presence-room", "bob"));
            assertThat(PUSHER.refusedSignatures()).isEmpty();
        } finally {
            host.terminate();
            host.awaitExit(40);
        }
    }

    private List<List<String>> rows(String sql) throws Exception {
        return H2File.rows(workDir.resolve("data/host"), sql);
    }

    private static Path libJar() {
        Path jar = JarRun.jar().resolveSibling("pusher-pipeline-lib.jar");
        if (!Files.isRegularFile(jar)) {
            throw new UncheckedIOException(new IOException(jar + " is missing: these tests run after `mvn package`"));
        }
        return jar;
    }
}
