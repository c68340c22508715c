package io.pusherpipeline;

import io.pusherpipeline.events.EventJournal;
import io.pusherpipeline.storage.SnapshotSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** {@code java -jar pusher-pipeline.jar [--once] [--help]}: runs the routes with Camel Main. */
public final class Launcher {

    static final int EXIT_OK = 0;
    static final int EXIT_SNAPSHOT_FAILED = 1;
    static final int EXIT_BAD_CONFIGURATION = 2;

    static final String USAGE = """
            Usage: java -jar target/pusher-pipeline.jar [--once] [--help]
              (no argument)  take a snapshot every pusher.snapshot.period until stopped
              --once         take one snapshot, then exit: 0 loaded, 1 failed, 2 bad configuration
              --help         show this help
            Credentials: PUSHER_APP_ID, PUSHER_APP_KEY, PUSHER_APP_SECRET. Every setting: README.md.""";

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        boolean once = false;
        for (String arg : args) {
            switch (arg) {
                case "--once" -> once = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return EXIT_OK;
                }
                default -> {
                    System.err.println("Unknown argument: " + arg);
                    System.err.println(USAGE);
                    return EXIT_BAD_CONFIGURATION;
                }
            }
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations(
                "classpath:application.properties;optional=true,file:application.properties;optional=true");
        main.configure().withRoutesIncludePattern(routesLocation());
        if (once) {
            main.addOverrideProperty("pusher.snapshot.once", "true");
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                CamelContext context = m.getCamelContext();
                new StartupCheck(key -> optional(context, key)).run();
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                m.getCamelContext().getRegistry().findSingleByType(SnapshotSink.class).prepare();
                // The events journal too: a database that cannot hold it is bad configuration, found at start.
                EventJournal journal = m.getCamelContext().getRegistry().findSingleByType(EventJournal.class);
                if (journal != null) {
                    journal.prepare();
                }
            }
        });
        try {
            return once ? runOnce(main) : runForever(main);
        } catch (Exception e) {
            ConfigurationProblem problem = find(e, ConfigurationProblem.class);
            if (problem != null) {
                System.err.println(problem.getMessage());
                return EXIT_BAD_CONFIGURATION;
            }
            io.pusherpipeline.storage.StorageException storage = find(e, io.pusherpipeline.storage.StorageException.class);
            if (storage != null) {
                System.err.println(storage.getMessage() + System.lineSeparator()
                        + "Check pusher.jdbc.url, pusher.jdbc.user and pusher.jdbc.password (or pusher.file.dir).");
                return EXIT_BAD_CONFIGURATION;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static int runForever(Main main) throws Exception {
        StopSignals signals = new StopSignals();
        signals.install(main::completed);
        main.run();
        return signals.exitCode() == null ? EXIT_OK : signals.exitCode();
    }

    private static int runOnce(Main main) throws Exception {
        SnapshotOutcome outcome = new SnapshotOutcome();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                m.getCamelContext().getManagementStrategy().addEventNotifier(outcome);
            }
        });
        Thread stopping = new Thread(outcome::abandon, "pusher-once-abandon");
        Runtime.getRuntime().addShutdownHook(stopping);
        StopSignals signals = new StopSignals();
        signals.install(outcome::abandon);
        main.start();
        try {
            boolean loaded = outcome.awaitLoaded();
            return signals.exitCode() != null ? signals.exitCode() : loaded ? EXIT_OK : EXIT_SNAPSHOT_FAILED;
        } finally {
            main.stop();
        }
    }

    /** The top-level routes/ folder when it exists (edit, restart, no build), else the jar's copy; never both. */
    static String routesLocation() {
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.yaml" : "classpath:routes/*.yaml";
    }

    private static Optional<String> optional(CamelContext context, String key) {
        try {
            return context.getPropertiesComponent().resolveProperty(key);
        } catch (RuntimeException e) {
            throw new ConfigurationProblem("Cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
