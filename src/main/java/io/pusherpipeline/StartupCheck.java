package io.pusherpipeline;

import io.pusherpipeline.apps.PusherApps;
import io.pusherpipeline.storage.FileFormat;
import io.pusherpipeline.storage.JdbcUrls;
import io.pusherpipeline.storage.Retention;
import io.pusherpipeline.storage.WriteDisposition;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.util.TimeUtils;

/** Checks the configuration before anything is sent, so a mistake is one clear message and exit 2. */
public final class StartupCheck {

    private final Function<String, Optional<String>> properties;

    public StartupCheck(Function<String, Optional<String>> properties) {
        this.properties = properties;
    }

    public void run() {
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> names = PusherApps.names(value("pusher.apps"));
        for (String app : names) {
            for (String setting : List.of("app-id", "app-key", "app-secret")) {
                if (value(PusherApps.key(app, setting)).isEmpty()) {
                    missing.add(PusherApps.key(app, setting));
                }
            }
        }
        if (!missing.isEmpty() && names.equals(List.of(""))) {
            problems.add("Missing Pusher credentials: " + String.join(", ", missing) + ". Set the environment variables"
                    + " PUSHER_APP_ID, PUSHER_APP_KEY and PUSHER_APP_SECRET (from the app's 'App Keys' page), or the"
                    + " properties pusher.app-id, pusher.app-key, pusher.app-secret in ./application.properties.");
        } else if (!missing.isEmpty()) {
            problems.add("Missing Pusher credentials: " + String.join(", ", missing) + ". pusher.apps=" + value("pusher.apps")
                    + " names the apps; each needs pusher.apps.<name>.app-id, app-key and app-secret (environment variables"
                    + " PUSHER_APPS_<NAME>_APP_ID, PUSHER_APPS_<NAME>_APP_KEY, PUSHER_APPS_<NAME>_APP_SECRET).");
        }
        duration("pusher.snapshot.period", problems);
        duration("pusher.snapshot.timeout", problems);
        trueOrFalse("pusher.snapshot.once", problems);
        trueOrFalse("pusher.snapshot.users", problems);
        trueOrFalse("pusher.snapshot.subscription-count", problems);
        duration("pusher.http.timeout", problems);
        positiveInteger("pusher.http.concurrency", problems);
        wholeNumber("pusher.http.retries", 0, problems);
        duration("pusher.http.backoff", problems);
        positiveInteger("pusher.events.batch-size", problems);
        positiveInteger("pusher.events.max-data-bytes", problems);
        duration("pusher.events.settle-time", problems);
        positiveInteger("pusher.events.poll-delay", problems);
        duration("pusher.events.pause-retry", problems);
        trueOrFalse("pusher.management.enabled", problems);
        port("pusher.management.port", problems);
        trueOrFalse("pusher.routes.reload", problems);
        String sink = value("pusher.sink");
        if (sink.equals("jdbc")) {
            jdbcUrl(problems);
            parses(() -> WriteDisposition.parse(value("pusher.write-disposition")), problems);
            parses(() -> Retention.parse(value("pusher.retention")), problems);
        } else if (sink.equals("file")) {
            parses(() -> FileFormat.parse(value("pusher.file.format")), problems);
        } else {
            problems.add("Unknown sink pusher.sink=" + sink + ": use jdbc (a database, the default) or file (JSON Lines or CSV).");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationProblem(String.join(System.lineSeparator(), problems));
        }
    }

    private String value(String key) {
        return properties.apply(key).map(String::strip).orElse("");
    }

    private void duration(String key, List<String> problems) {
        String text = value(key);
        if (isEmpty(key, text, "write it like 30s, 5m, 1h or 1500 (milliseconds)", problems)) {
            return;
        }
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(text);
        } catch (RuntimeException e) {
            millis = 0;
        }
        // Camel reads text it does not understand as 0 ms.
        if (millis <= 0) {
            problems.add(key + "=" + text + " is not a duration: write it like 30s, 5m, 1h or 1500 (milliseconds).");
        }
    }

    /** A placeholder whose setting is not set ({@code {{nope}}}) reads as empty too: said in words, not as "key=". */
    private static boolean isEmpty(String key, String text, String accepts, List<String> problems) {
        if (text.isEmpty()) {
            problems.add(key + " is empty, or a {{placeholder}} in it names a setting that is not set: " + accepts + ".");
        }
        return text.isEmpty();
    }

    private static void parses(Runnable parse, List<String> problems) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage() + ".");
        }
    }

    private void positiveInteger(String key, List<String> problems) {
        wholeNumber(key, 1, problems);
    }

    private void wholeNumber(String key, int least, List<String> problems) {
        String text = value(key);
        if (isEmpty(key, text, "a whole number, " + least + " or more", problems)) {
            return;
        }
        try {
            if (Integer.parseInt(text) < least) {
                problems.add(key + "=" + text + " must be " + least + " or more.");
            }
        } catch (NumberFormatException e) {
            problems.add(key + "=" + text + " is not a whole number.");
        }
    }

    private void port(String key, List<String> problems) {
        String text = value(key);
        if (isEmpty(key, text, "a port, 1 to 65535", problems)) {
            return;
        }
        int port = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : 0;
        if (port < 1 || port > 65535) {
            problems.add(key + "=" + text + " is not a port: 1 to 65535.");
        }
    }

    // Camel reads anything but true as false, or fails deep in a route with a stack trace.
    private void trueOrFalse(String key, List<String> problems) {
        String text = value(key);
        if (isEmpty(key, text, "true or false", problems)) {
            return;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            problems.add(key + "=" + text + " must be true or false.");
        }
    }

    private void jdbcUrl(List<String> problems) {
        String url = value("pusher.jdbc.url");
        String shown = JdbcUrls.withoutSecrets(url);
        if (!url.startsWith("jdbc:")) {
            problems.add("pusher.jdbc.url=" + shown + " is not a JDBC URL: it starts with jdbc:, for example"
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
            problems.add("No JDBC driver accepts pusher.jdbc.url=" + shown + ". Built in: jdbc:h2: and jdbc:postgresql:." + how);
        }
    }
}
