package io.pusherpipeline.cli;

import io.pusherpipeline.apps.PusherApp;
import io.pusherpipeline.apps.PusherApps;
import io.pusherpipeline.demo.Demo;
import io.pusherpipeline.events.EventJournal;
import io.pusherpipeline.replicas.Cluster;
import io.pusherpipeline.replicas.Locks;
import io.pusherpipeline.replicas.Replicas;
import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.snapshot.SnapshotSink;
import io.pusherpipeline.snapshot.SnapshotSteps;
import io.pusherpipeline.snapshot.Takeovers;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.webhooks.AbortedUploads;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The routes run by Camel Main: until stopped, or for a number of snapshots ({@code --once}, {@code --demo}). */
final class CamelRun {

    private static final Logger LOG = LoggerFactory.getLogger("pusher");


    private CamelRun() {
    }

    /** Runs Camel Main with settings already checked; {@code simulation} is the --demo's Pusher, else null. */
    static int run(Settings settings, boolean once, Demo simulation) {
        boolean demo = simulation != null;
        Main main = new Main();
        main.setPropertyPlaceholderLocations(Launcher.PROPERTY_LOCATIONS);
        main.configure().withRoutesIncludePattern(routesLocation());
        boolean withInbox = !once;
        // --once (a CronJob, cron) takes its snapshot without a lock: the scheduler runs one at a time.
        Cluster cluster = once || demo ? Cluster.NONE : settings.cluster();
        AtomicReference<Locks> locks = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                SettingsPrecedence.apply(m.getCamelContext().getPropertiesComponent());
                // Each webhook request waits on a Vert.x worker until its batch is committed, so the workers
                // bound how many batches one transaction takes together. Bound here, not in the routes' YAML,
                // which hosts without Vert.x load too.
                m.getCamelContext().getRegistry().bind("pusherWebhookServerOptions",
                        new VertxOptions().setWorkerPoolSize(settings.webhookWorkers()));
                if (cluster.enabled()) {
                    locks.set(Replicas.install(m.getCamelContext(), cluster));
                }
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                // A database that cannot hold the snapshots, or the events journal, is bad
                // configuration: found before any route starts.
                SnapshotSteps steps = m.getCamelContext().getRegistry().findSingleByType(SnapshotSteps.class);
                steps.prepare();
                if (locks.get() != null) {
                    // A load the previous holder of an app's lock left running is its, and over.
                    Takeovers takeovers = m.getCamelContext().getRegistry().findSingleByType(Takeovers.class);
                    locks.get().whenTaken(lock -> takeovers.tookOver(lock, locks.get().replicaId()));
                }
                // One snapshot and out: no inbox publishing files meanwhile (pusher.events.inbox), no journal to open.
                if (withInbox) {
                    m.getCamelContext().getRegistry().findSingleByType(EventJournal.class).prepare();
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                AbortedUploads.keepOutOfTheLog(m.getCamelContext());
                logStarted(m.getCamelContext());
                if (locks.get() != null) {
                    LOG.info("Replica {} of pusher.cluster={}: each app's snapshots and the events inbox run on the replica"
                            + " that holds their lock; webhooks and direct:pusher-publish on every replica",
                            locks.get().replicaId(), cluster.kind().name().toLowerCase(java.util.Locale.ROOT));
                } else if (once && settings.cluster().enabled()) {
                    LOG.info("--once takes its snapshot without the lock of pusher.cluster (one run at a time is the scheduler's job)");
                }
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
            return signals.exitCode() == null ? Launcher.EXIT_OK : signals.exitCode();
        } catch (Exception e) {
            ConfigurationProblem problem = ObjectHelper.getException(ConfigurationProblem.class, e);
            if (problem != null) {
                System.err.println(problem.getMessage());
                return Launcher.EXIT_BAD_CONFIGURATION;
            }
            StorageException storage = ObjectHelper.getException(StorageException.class, e);
            if (storage != null) {
                System.err.println(storage.getMessage() + System.lineSeparator()
                        + "Check pusher.jdbc.url, pusher.jdbc.user and pusher.jdbc.password (or pusher.file.dir).");
                return Launcher.EXIT_BAD_CONFIGURATION;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
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
                return Launcher.EXIT_SNAPSHOT_FAILED;
            }
            after.accept(outcome.loaded());
            return Launcher.EXIT_OK;
        } finally {
            main.stop();
        }
    }

    private static void logStarted(CamelContext context) {
        PusherApps apps = context.getRegistry().lookupByNameAndType(PusherApps.BEAN, PusherApps.class);
        LOG.info("Started: {}, {} -> {}; routes from {}",
                apps == null ? "no apps" : apps.all().stream().map(PusherApp::toString).collect(Collectors.joining(", ")),
                "true".equals(Launcher.optional(context, "pusher.snapshot.once").orElse("")) ? "one snapshot"
                        : "a snapshot every " + Launcher.optional(context, "pusher.snapshot.period").orElse(""),
                context.getRegistry().findSingleByType(SnapshotSink.class).destination(), routesLocation());
    }

    /** The top-level routes/ folder when it exists (edit, restart, no build), else the jar's copy; never both. */
    static String routesLocation() {
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.yaml" : "classpath:routes/*.yaml";
    }
}
