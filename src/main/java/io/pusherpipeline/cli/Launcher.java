package io.pusherpipeline.cli;

import io.pusherpipeline.apps.PusherApp;
import io.pusherpipeline.apps.PusherApps;
import io.pusherpipeline.demo.Demo;
import io.pusherpipeline.events.EventJournal;
import io.pusherpipeline.show.ShowCommand;
import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.snapshot.SnapshotSteps;
import io.pusherpipeline.storage.SnapshotSink;
import io.pusherpipeline.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar pusher-pipeline.jar [--once] [show] [--help]}: runs the routes with Camel Main, or shows what is stored. */
public final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger("pusher");

    static final int EXIT_OK = 0;
    static final int EXIT_SNAPSHOT_FAILED = 1;
    static final int EXIT_BAD_CONFIGURATION = 2;

    static final String USAGE = """
            Usage: java -jar target/pusher-pipeline.jar [--once | --demo | show] [--help]
              (no argument)  take a snapshot every pusher.snapshot.period until stopped
              --once         take one snapshot, then exit: 0 loaded, 1 failed, 2 bad configuration
              --demo         three snapshots of a simulated Pusher app on this machine (no account needed)
                             into ./data/demo, then what landed
              show           print the latest loads, the rows per table and the schema version of
                             the configured database, then exit (no snapshot, no credentials needed)
              --help         show this help
            Credentials: PUSHER_APP_ID, PUSHER_APP_KEY, PUSHER_APP_SECRET. Every setting: README.md.""";

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The first location that has a key wins: ./application.properties before the jar's defaults. */
    static final String PROPERTY_LOCATIONS =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private static final String EVENTS_INBOX_ROUTES = "**/pusher-events-inbox.yaml";

    static int run(String[] args) {
        boolean once = false;
        boolean show = false;
        boolean demo = false;
        for (String arg : args) {
            switch (arg) {
                case "--once" -> once = true;
                case "--demo" -> demo = true;
                case "show" -> show = true;
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
        if (show && (once || demo)) {
            System.err.println("show and " + (once ? "--once" : "--demo") + " do not go together: show only reads, "
                    + (once ? "--once" : "--demo") + " takes snapshots.");
            System.err.println(USAGE);
            return EXIT_BAD_CONFIGURATION;
        }
        if (show) {
            return show();
        }
        Demo simulation = demo ? Demo.start() : null;
        try {
            if (demo) {
                simulation.settings().forEach(System::setProperty);
            }
            // As JVM system properties, the highest of the sources: Camel reads environment variables
            // over its own "override" properties, and a flag on the command line must win.
            if (once) {
                System.setProperty("pusher.snapshot.once", "true");
            }
            CamelContext properties = settings();
            Settings settings = Settings.read(key -> optional(properties, key));
            // pusher.snapshot.once=true in a file or the environment means what --once means.
            return run(settings, once || (!demo && settings.once()), simulation);
        } catch (ConfigurationProblem problem) {
            System.err.println(problem.getMessage());
            return EXIT_BAD_CONFIGURATION;
        } finally {
            if (simulation != null) {
                simulation.close();
            }
        }
    }

    /** Runs Camel Main with settings already checked; {@code simulation} is the --demo's Pusher, else null. */
    private static int run(Settings settings, boolean once, Demo simulation) {
        boolean demo = simulation != null;
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        main.configure().withRoutesIncludePattern(routesLocation());
        boolean withInbox = !once;
        if (!withInbox) {
            // One snapshot and out: no inbox publishing files meanwhile, no events journal to open.
            main.configure().withRoutesExcludePattern(EVENTS_INBOX_ROUTES);
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                SettingsPrecedence.apply(m.getCamelContext().getPropertiesComponent());
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                // A database that cannot hold the snapshots, or the events journal, is bad
                // configuration: found before any route starts.
                m.getCamelContext().getRegistry().findSingleByType(SnapshotSteps.class).prepare();
                if (withInbox) {
                    m.getCamelContext().getRegistry().findSingleByType(EventJournal.class).prepare();
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                logStarted(m.getCamelContext());
            }

            @Override
            public void beforeStop(BaseMainSupport m) {
                LOG.info("Stopping: a snapshot in progress gets up to {} s to finish",
                        m.getCamelContext().getShutdownStrategy().getTimeout());
            }
        });
        try {
            if (demo) {
                return runSnapshots(main, settings, Demo.SNAPSHOTS, simulation::report);
            }
            if (once) {
                return runSnapshots(main, settings, 1, loaded -> { });
            }
            StopSignals signals = new StopSignals();
            signals.install(main::completed);
            main.run();
            return signals.exitCode() == null ? EXIT_OK : signals.exitCode();
        } catch (Exception e) {
            ConfigurationProblem problem = find(e, ConfigurationProblem.class);
            if (problem != null) {
                System.err.println(problem.getMessage());
                return EXIT_BAD_CONFIGURATION;
            }
            StorageException storage = find(e, StorageException.class);
            if (storage != null) {
                System.err.println(storage.getMessage() + System.lineSeparator()
                        + "Check pusher.jdbc.url, pusher.jdbc.user and pusher.jdbc.password (or pusher.file.dir).");
                return EXIT_BAD_CONFIGURATION;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Reads the same configuration as a run, through Camel's properties, without starting Camel. */
    private static int show() {
        CamelContext context = settings();
        try {
            return new ShowCommand(key -> optional(context, key).orElse(""), System.out, System.err).run();
        } catch (ConfigurationProblem problem) {
            System.err.println(problem.getMessage());
            return EXIT_BAD_CONFIGURATION;
        }
    }

    /** The configuration a run reads, through a Camel context that is never started: only its properties are used. */
    private static CamelContext settings() {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(PROPERTY_LOCATIONS);
        SettingsPrecedence.apply(context.getPropertiesComponent());
        return context;
    }

    /** Takes {@code count} snapshots, hands the loaded ones to {@code after}, then stops: 0 when all loaded. */
    private static int runSnapshots(Main main, Settings settings, int count, Consumer<List<Snapshot>> after) throws Exception {
        SnapshotOutcome outcome = new SnapshotOutcome(count, settings.apps().size());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                m.getCamelContext().getManagementStrategy().addEventNotifier(outcome);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(outcome::abandon, "pusher-once-abandon"));
        StopSignals signals = new StopSignals();
        signals.install(outcome::abandon);
        main.start();
        logStarted(main.getCamelContext());
        try {
            boolean loaded = outcome.awaitLoaded();
            if (signals.exitCode() != null) {
                return signals.exitCode();
            }
            if (!loaded) {
                return EXIT_SNAPSHOT_FAILED;
            }
            after.accept(outcome.loaded());
            return EXIT_OK;
        } finally {
            main.stop();
        }
    }

    private static void logStarted(CamelContext context) {
        PusherApps apps = context.getRegistry().lookupByNameAndType(PusherApps.BEAN, PusherApps.class);
        LOG.info("Started: {}, {} -> {}; routes from {}",
                apps == null ? "no apps" : apps.all().stream().map(PusherApp::toString).collect(Collectors.joining(", ")),
                "true".equals(optional(context, "pusher.snapshot.once").orElse("")) ? "one snapshot"
                        : "a snapshot every " + optional(context, "pusher.snapshot.period").orElse(""),
                context.getRegistry().findSingleByType(SnapshotSink.class).destination(), routesLocation());
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
