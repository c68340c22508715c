package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import io.pusherpipeline.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, copied with its lib/ folder as a user installs it, choosing the destination by
 * pusher.jdbc.url alone: DuckDB found beside the jar only when its driver is put in lib/, and
 * tables made by a newer version stopping the start with exit 2.
 */
class DestinationsFromTheJarIT {

    private static final String APP_ID = "5150";
    private static final String KEY = "it-key";
    private static final String SECRET = "it-secret-canary-d1";
    private static final FakePusher pusher = FakePusher.start(APP_ID, KEY, SECRET)
            .channel("orders", 2).members("presence-room", "alice", "bob");

    @TempDir
    Path workDir;

    @AfterAll
    static void stop() {
        pusher.close();
    }

    @Test
    void duckDbLoadsWhenItsDriverIsPutInLibBesideTheJar() throws Exception {
        Path jar = install(true);

        long start = System.nanoTime();
        JarRun.Result run = JarRun.run(jar, workDir, env("jdbc:duckdb:./data/pusher.duckdb"), "--once");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("2 channels (1 presence, 2 members)", "jdbc:duckdb:./data/pusher.duckdb")
                .doesNotContain(SECRET);
        TestDatabase duckDb = new TestDatabase("DuckDB", "jdbc:duckdb:" + workDir.resolve("data/pusher.duckdb"), "", "");
        assertThat(duckDb.rows("SELECT channel_name, user_id FROM pusher_data.channels_channel_users ORDER BY user_id"))
                .containsExactly(row("presence-room", "alice"), row("presence-room", "bob"));
        assertThat(duckDb.rows("SELECT channel_name, user_count FROM pusher_data.current_channels ORDER BY channel_name"))
                .containsExactly(row("orders", null), row("presence-room", 2));
        System.out.println("java -jar --once into DuckDB took " + millis + " ms");
    }

    @Test
    void withoutItsDriverADuckDbUrlExitsTwoAndSaysHowToAddIt() {
        Path jar = install(false);

        JarRun.Result run = JarRun.run(jar, workDir, env("jdbc:duckdb:./data/pusher.duckdb"), "--once");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("No JDBC driver accepts pusher.jdbc.url=jdbc:duckdb:./data/pusher.duckdb", "-Pduckdb");
    }

    @Test
    void tablesOfANewerVersionStopTheStartWithExitTwo() {
        String url = "jdbc:h2:file:" + workDir.resolve("data/pusher") + ";AUTO_SERVER=TRUE";
        TestDatabase h2 = new TestDatabase("H2", url, "", "");
        h2.execute("CREATE SCHEMA pusher_data",
                "CREATE TABLE pusher_data.pusher_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE)",
                "INSERT INTO pusher_data.pusher_schema (version) VALUES (7)");

        int requestsBefore = pusher.requests().size();

        JarRun.Result run = JarRun.run(workDir, env(url), "--once");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("schema version 7, made by a newer pusher-pipeline", "writes version 5");
        assertThat(pusher.requests()).as("nothing was asked of Pusher").hasSize(requestsBefore);
    }

    /** The jar and its lib/ folder in a folder of their own, with or without the DuckDB driver. */
    private Path install(boolean withDuckDb) {
        try {
            Path app = Files.createDirectories(workDir.resolve("app"));
            Path lib = Files.createDirectories(app.resolve("lib"));
            Files.copy(JarRun.jar(), app.resolve("pusher-pipeline.jar"));
            try (Stream<Path> jars = Files.list(JarRun.jar().resolveSibling("lib"))) {
                for (Path jar : jars.filter(p -> !p.getFileName().toString().startsWith("duckdb")).toList()) {
                    Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
                }
            }
            if (withDuckDb) {
                Path driver = Path.of(org.duckdb.DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Files.createSymbolicLink(lib.resolve(driver.getFileName()), driver);
            }
            return app.resolve("pusher-pipeline.jar");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> env(String jdbcUrl) {
        return Map.of("PUSHER_APP_ID", APP_ID, "PUSHER_APP_KEY", KEY, "PUSHER_APP_SECRET", SECRET,
                "PUSHER_SCHEME", "http", "PUSHER_HOST", "127.0.0.1", "PUSHER_PORT", Integer.toString(pusher.port()),
                "PUSHER_JDBC_URL", jdbcUrl);
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
