package io.pusherpipeline.cli;

import io.pusherpipeline.apps.PusherApps;
import io.pusherpipeline.encryption.ChannelEncryption;
import io.pusherpipeline.replicas.Cluster;
import io.pusherpipeline.storage.FileFormat;
import io.pusherpipeline.storage.JdbcUrls;

import io.pusherpipeline.storage.Retention;
import io.pusherpipeline.storage.WriteDisposition;
import io.pusherpipeline.webhooks.WebhookReceiver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting read once from Camel's properties and checked before Camel starts: a mistake is one
 * line naming the setting and what it accepts, all of them in one message (exit 2). The launcher
 * keeps what it acts on; the beans read the settings through the {@code {{placeholders}}} of
 * routes/pusher-beans.yaml, which then parse.
 */
public record Settings(List<String> apps, boolean once, int webhookWorkers, Cluster cluster) {

    public static Settings read(Function<String, Optional<String>> properties) {
        SettingsReader read = new SettingsReader(properties);
        List<String> apps = PusherApps.names(read.text("pusher.apps"));
        credentials(read, apps);
        read.duration("pusher.snapshot.period");
        read.duration("pusher.snapshot.timeout");
        boolean once = read.trueOrFalse("pusher.snapshot.once");
        read.trueOrFalse("pusher.snapshot.users");
        read.trueOrFalse("pusher.snapshot.subscription-count");
        read.duration("pusher.http.timeout");
        read.positiveInteger("pusher.http.concurrency");
        read.wholeNumber("pusher.http.retries", 0);
        read.duration("pusher.http.backoff");
        read.positiveInteger("pusher.events.batch-size");
        read.positiveInteger("pusher.events.max-data-bytes");
        read.duration("pusher.events.settle-time");
        read.positiveInteger("pusher.events.poll-delay");
        read.duration("pusher.events.pause-retry");
        read.parsed(() -> ChannelEncryption.parse(read.text("pusher.encryption-master-key")));
        read.trueOrFalse("pusher.management.enabled");
        read.port("pusher.management.port");
        read.trueOrFalse("pusher.routes.reload");
        int webhookWorkers = webhooks(read);
        Cluster cluster = ClusterSettings.read(read);
        String sink = read.text("pusher.sink");
        if (sink.equals("jdbc")) {
            jdbcUrl(read, read.text("pusher.jdbc.url"));
            read.parsed(() -> WriteDisposition.parse(read.text("pusher.write-disposition")));
            read.parsed(() -> Retention.parse(read.text("pusher.retention")));
            read.parsed(() -> Retention.parse("pusher.history.retention", read.text("pusher.history.retention")));
            read.duration("pusher.history.prune-period");
        } else if (sink.equals("file")) {
            read.parsed(() -> FileFormat.parse(read.text("pusher.file.format")));
        } else {
            read.problem("Unknown sink pusher.sink=" + sink + ": use jdbc (a database, the default) or file (JSON Lines or CSV).");
        }
        read.throwIfAny();
        return new Settings(apps, once, webhookWorkers, cluster);
    }

    /** Returns pusher.webhooks.workers. */
    private static int webhooks(SettingsReader read) {
        boolean enabled = read.trueOrFalse("pusher.webhooks.enabled");
        int port = read.port("pusher.webhooks.port");
        if (!read.text("pusher.webhooks.path").startsWith("/")) {
            read.problem("pusher.webhooks.path=" + read.text("pusher.webhooks.path") + " must start with /, like /pusher/webhooks.");
        }
        read.parsed(() -> WebhookReceiver.bytes(read.text("pusher.webhooks.max-body")));
        if (enabled && "true".equalsIgnoreCase(read.text("pusher.management.enabled"))
                && port == read.port("pusher.management.port")) {
            read.problem("pusher.webhooks.port=" + port + " is also pusher.management.port: give the webhook receiver a port of its own.");
        }
        return read.positiveInteger("pusher.webhooks.workers");
    }

    private static void credentials(SettingsReader read, List<String> apps) {
        List<String> missing = apps.stream()
                .flatMap(app -> List.of("app-id", "app-key", "app-secret").stream().map(setting -> PusherApps.key(app, setting)))
                .filter(key -> read.text(key).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (apps.equals(List.of(""))) {
            read.problem("Missing Pusher credentials: " + String.join(", ", missing) + ". Set the environment variables"
                    + " PUSHER_APP_ID, PUSHER_APP_KEY and PUSHER_APP_SECRET (from the app's 'App Keys' page), or the"
                    + " properties pusher.app-id, pusher.app-key, pusher.app-secret in ./application.properties.");
        } else {
            read.problem("Missing Pusher credentials: " + String.join(", ", missing) + ". pusher.apps=" + read.text("pusher.apps")
                    + " names the apps; each needs pusher.apps.<name>.app-id, app-key and app-secret (environment variables"
                    + " PUSHER_APPS_<NAME>_APP_ID, PUSHER_APPS_<NAME>_APP_KEY, PUSHER_APPS_<NAME>_APP_SECRET).");
        }
    }

    private static void jdbcUrl(SettingsReader read, String url) {
        String shown = JdbcUrls.withoutSecrets(url);
        if (!url.startsWith("jdbc:")) {
            read.problem("pusher.jdbc.url=" + shown + " is not a JDBC URL: it starts with jdbc:, for example"
                    + " jdbc:h2:file:./data/pusher, jdbc:postgresql://host:5432/db or jdbc:duckdb:./data/pusher.duckdb.");
            return;
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            String how = url.startsWith("jdbc:duckdb:")
                    ? " The DuckDB driver (about 80 MB) is not built in: build with `mvn -B package -DskipTests -Pduckdb`,"
                    + " which puts it in target/lib, where the jar looks for it."
                    : " For another database put its driver jar in the lib/ folder beside the jar.";
            read.problem("No JDBC driver accepts pusher.jdbc.url=" + shown + ". Built in: jdbc:h2: and jdbc:postgresql:." + how);
        }
    }
}
