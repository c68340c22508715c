package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Route files edited in {@code routes/} beside the jar: at the next start, and live with pusher.routes.reload=true. */
class EditingRoutesIT {

    // Reset after each test, stopped after the last.
    @RegisterExtension
    static final FakePusher PUSHER = FakePusher.start("93", "edit-key", "edit-secret");
    private static final String SUMMARY = "message: \"${exchangeProperty.pusherSnapshot.summary}\"";
    private static final String EDITED = "message: \"Edited: ${exchangeProperty.pusherSnapshot.summary}\"";

    @TempDir
    Path workDir;

    @Test
    void anEditedRouteFileTakesEffectAtTheNextStartWithNoBuild() throws Exception {
        copyRoutes();
        edit("pusher-snapshot.yaml", SUMMARY, EDITED);
        PUSHER.members("presence-room", "alice");

        JarRun.Result run = JarRun.run(workDir, env(), "--once");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("routes from file:routes/*.yaml", "Edited: Snapshot", "loaded");
    }

    @Test
    void withReloadOnAnEditAndANewFileTakeEffectWhileRunningAndTheSnapshotInFlightFinishes() throws Exception {
        copyRoutes();
        PUSHER.members("presence-slow", "alice").delay(".*/users", Duration.ofSeconds(3));
        Map<String, String> env = env();
        env.put("PUSHER_ROUTES_RELOAD", "true");
        env.put("PUSHER_SNAPSHOT_PERIOD", "1s");
        JarRun.Running app = JarRun.start(workDir, env, List.of());
        try {
            app.await("a request to /users", 30, () -> PUSHER.requests().stream().anyMatch(r -> r.contains("/users")));

            edit("pusher-snapshot.yaml", SUMMARY, EDITED);
            Files.writeString(workDir.resolve("routes/hello.yaml"), """
                    - route:
                        id: hello
                        from:
                          uri: timer:hello
                          parameters:
                            repeatCount: 1
                          steps:
                            - log: "Hello from a route added while running"
                    """);

            app.awaitOutput("Edited: Snapshot", 60);
            app.awaitOutput("Hello from a route added while running", 30);
            String before = app.output().substring(0, app.output().indexOf("Edited: Snapshot"));
            assertThat(before).as("the snapshot in flight during the reload").contains("of app 93 loaded");
            assertThat(app.output()).doesNotContain("failed", "Stopped (shutdown)");
        } finally {
            app.terminate();
            app.awaitExit(40);
        }
    }

    private void copyRoutes() throws IOException {
        Path source = Path.of(System.getProperty("basedir", ".")).resolve("routes");
        Files.createDirectories(workDir.resolve("routes"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, workDir.resolve("routes").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = workDir.resolve("routes").resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    private static Map<String, String> env() {
        return PUSHER.jarEnvironment();
    }
}
