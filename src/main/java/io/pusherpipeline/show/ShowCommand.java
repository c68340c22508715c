package io.pusherpipeline.show;

import io.pusherpipeline.history.StoredHistory;
import io.pusherpipeline.replicas.Cluster;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.JdbcUrls;
import io.pusherpipeline.storage.StoredLoads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code java -jar pusher-pipeline.jar show}: prints what the configured destination holds. Reads
 * only: starts no route, sends no request, needs no Pusher credentials, creates no database.
 */
public final class ShowCommand {

    /** How many loads are listed, newest first. */
    static final int LATEST = 10;

    /** H2's error code for a database that IFEXISTS=TRUE did not find. */
    private static final int H2_DATABASE_NOT_FOUND = 90146;

    private final Function<String, String> properties;
    private final PrintStream out;
    private final PrintStream err;
    private final Cluster cluster;

    /** {@code cluster}: the replicas' locks to list after what is stored ({@link Cluster#NONE}: none). */
    public ShowCommand(Function<String, String> properties, Cluster cluster, PrintStream out, PrintStream err) {
        this.properties = properties;
        this.cluster = cluster;
        this.out = out;
        this.err = err;
    }

    /** Returns the exit code: 0 shown (also when nothing is stored yet), 2 the destination cannot be read. */
    public int run() {
        int shown = showStored();
        if (shown == 0 && cluster.enabled()) {
            try {
                out.print(ShowLocks.report(cluster));
            } catch (RuntimeException e) {
                err.println("Cannot read the locks of pusher.cluster=" + cluster.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + ": " + e.getMessage());
                return 2;
            }
        }
        return shown;
    }

    private int showStored() {
        String sink = properties.apply("pusher.sink").strip();
        return switch (sink) {
            case "jdbc" -> showDatabase(Destination.database(null, properties.apply("pusher.jdbc.url").strip(),
                    properties.apply("pusher.jdbc.schema").strip()));
            case "file" -> showFolders(Path.of(properties.apply("pusher.file.dir").strip()));
            default -> {
                err.println("Unknown sink pusher.sink=" + sink + ": use jdbc (a database, the default) or file.");
                yield 2;
            }
        };
    }

    /** Opens its own read-only connection, not the destination's pool: {@code show} runs beside a running pipeline. */
    private int showDatabase(Destination destination) {
        String url = properties.apply("pusher.jdbc.url").strip();
        String user = properties.apply("pusher.jdbc.user").strip();
        String schema = destination.schema();
        String shown = destination.printable();
        try (Connection c = user.isEmpty() ? DriverManager.getConnection(readOnly(url))
                : DriverManager.getConnection(readOnly(url), user, properties.apply("pusher.jdbc.password"))) {
            c.setReadOnly(true);
            StoredLoads.Report loads = StoredLoads.read(c, schema, LATEST);
            out.print(ShowFormat.report(shown, loads));
            if (loads.schemaVersion() >= StoredWebhooks.FIRST_VERSION) {
                out.print(ShowFormat.webhooks(StoredWebhooks.read(c, schema, loads.schemaVersion()), schema));
            }
            if (loads.schemaVersion() >= StoredHistory.FIRST_VERSION) {
                out.print(ShowFormat.history(StoredHistory.read(c, schema), schema));
            }
            return 0;
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_DATABASE_NOT_FOUND) {
                out.println(shown + ": no database yet. Nothing has been loaded here; a snapshot creates it.");
                return 0;
            }
            err.println("Cannot read " + shown + ": " + e.getMessage() + System.lineSeparator()
                    + "Check pusher.jdbc.url, pusher.jdbc.user and pusher.jdbc.password.");
            return 2;
        }
    }

    /** An H2 file is opened only if it exists, so looking does not leave an empty database behind. */
    static String readOnly(String url) {
        return JdbcUrls.withH2Setting(url, "IFEXISTS", "TRUE");
    }

    /** The receiver writes one file per batch under {dir}/webhooks/{app_id}/; sessions are derived in a database only. */
    private static String webhookFiles(Path webhooks) throws IOException {
        long batches = 0;
        if (Files.isDirectory(webhooks)) {
            try (Stream<Path> files = Files.walk(webhooks, 2)) {
                batches = files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".jsonl")).count();
            }
        }
        return "Webhook events: " + batches + " batches, one file each, in " + webhooks + " (one line per event)."
                + " Presence sessions need a database (pusher.sink=jdbc): the file sink keeps the raw events only.";
    }

    private int showFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            out.println(dir + ": no loads yet (pusher.sink=file).");
            return 0;
        }
        try (Stream<Path> folders = Files.list(dir)) {
            long loads = folders.filter(f -> Files.isRegularFile(f.resolve("pusher_loads.jsonl"))
                    || Files.isRegularFile(f.resolve("pusher_loads.csv"))).count();
            out.println(dir + ": " + loads + " loads, one folder each (pusher.sink=file). Read them with DuckDB,"
                    + " for example: duckdb -c \"SELECT * FROM read_json_auto('" + dir + "/*/pusher_loads.jsonl')\"");
            out.println(webhookFiles(dir.resolve("webhooks")));
            return 0;
        } catch (IOException e) {
            err.println("Cannot read pusher.file.dir=" + dir + ": " + e.getMessage());
            return 2;
        }
    }
}
