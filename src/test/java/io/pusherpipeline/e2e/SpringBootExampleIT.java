package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/spring-boot as its reader builds and runs it: the freshly built lib jar installed into the
 * local Maven repository, the example packaged by Maven, its jar run with {@code java -jar} and
 * pointed at the signature-checking fake Pusher by environment variables, as a container would be.
 */
class SpringBootExampleIT {

    private static final FakePusher PUSHER = FakePusher.start("503", "boot-key", "boot-secret");
    private static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path EXAMPLE = BASEDIR.resolve("examples/spring-boot");

    @TempDir
    Path workDir;

    @BeforeAll
    static void buildTheExample() throws Exception {
        Path lib = JarRun.jar().resolveSibling("pusher-pipeline-lib.jar");
        maven("org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file", "-Dfile=" + lib,
                "-DgroupId=io.pusherpipeline", "-DartifactId=pusher-pipeline", "-Dversion=0.1.0-SNAPSHOT",
                "-Dclassifier=lib", "-Dpackaging=jar");
        maven("-f", EXAMPLE.resolve("pom.xml").toString(), "clean", "package");
    }

    @AfterAll
    static void stop() {
        PUSHER.close();
    }

    @Test
    void theSpringBootExampleLoadsASnapshotIntoItsOwnDatabase() throws Exception {
        PUSHER.channel("orders", 2).members("presence-room", "alice", "bob");
        // Camel reads OS environment variables before its property locations, as for the app's jar.
        Map<String, String> env = Map.of("PUSHER_APP_ID", "503", "PUSHER_APP_KEY", "boot-key",
                "PUSHER_APP_SECRET", "boot-secret", "PUSHER_SCHEME", "http", "PUSHER_HOST", "127.0.0.1",
                "PUSHER_PORT", String.valueOf(PUSHER.port()), "PUSHER_SNAPSHOT_PERIOD", "1h");
        JarRun.Running app = JarRun.start(EXAMPLE.resolve("target/pusher-pipeline-spring-boot.jar"), workDir, env, List.of());
        try {
            app.awaitOutput("of app 503 loaded", 90);

            assertThat(app.output()).contains(":: Spring Boot ::", "(v3.5.10)",
                    "Apache Camel 4.18.0 (pusher-pipeline-spring-boot) started", "Started pusher-snapshot");
            // The example's own pusher.jdbc.url (data/pusher-spring-boot), not the defaults' data/pusher.
            assertThat(rows("SELECT app_id, status, channel_count, user_count, request_count FROM pusher_data.pusher_loads"))
                    .containsExactly(List.of("503", "loaded", "2", "2", "2"));
            assertThat(rows("SELECT channel_name, channel_type, subscription_count, user_count FROM pusher_data.apps_channels"
                    + " ORDER BY channel_name")).containsExactly(Arrays.asList("orders", "public", "2", null),
                    List.of("presence-room", "presence", "2", "2"));
            assertThat(rows("SELECT channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY user_id"))
                    .containsExactly(List.of("presence-room", "alice"), List.of("presence-room", "bob"));
            assertThat(PUSHER.refusedSignatures()).isEmpty();
        } finally {
            assertThat(app.stop()).as("exit code after SIGTERM:\n%s", app.output()).isIn(0, 143);
        }
    }

    @Test
    void docsEmbeddingShowsTheExamplesSettingsAsTheyAre() throws IOException {
        String doc = Files.readString(BASEDIR.resolve("docs/embedding.md"));
        int start = doc.indexOf("```properties", doc.indexOf("## Spring Boot"));
        String shown = doc.substring(doc.indexOf('\n', start) + 1, doc.indexOf("```", start + 3));
        List<String> settings = Files.readAllLines(EXAMPLE.resolve("src/main/resources/application.properties")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(shown.lines().toList()).isEqualTo(settings);
    }

    private List<List<String>> rows(String sql) throws Exception {
        return H2File.rows(workDir.resolve("data/pusher-spring-boot"), sql);
    }

    /** Runs Maven as the reader would; offline only when the build running this test is (mvn -o). */
    private static void maven(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
        String outer = " " + System.getenv().getOrDefault("MAVEN_CMD_LINE_ARGS", "") + " ";
        if (outer.contains(" -o ") || outer.contains(" --offline ")) {
            command.add("-o");
        }
        command.addAll(List.of(args));
        Path log = Files.createTempFile("pusher-spring-boot-build-", ".log");
        Process mvn = new ProcessBuilder(command).directory(BASEDIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!mvn.waitFor(10, TimeUnit.MINUTES)) {
            mvn.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over 10 minutes:\n" + Files.readString(log));
        }
        assertThat(mvn.exitValue()).as("%s:\n%s", String.join(" ", command), Files.readString(log)).isZero();
    }
}
