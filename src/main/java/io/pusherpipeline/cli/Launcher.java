package io.pusherpipeline.cli;

import io.pusherpipeline.demo.Demo;
import io.pusherpipeline.replicas.Cluster;
import io.pusherpipeline.show.ShowCommand;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/** {@code java -jar pusher-pipeline.jar [--once] [show] [--help]}: runs the routes with Camel Main, or shows what is stored. */
public final class Launcher {

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
        Demo simulation = demo ? Demo.start() : null;
        try {
            if (show) {
                return show();
            }
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
            return CamelRun.run(settings, once || (!demo && settings.once()), simulation);
        } catch (ConfigurationProblem problem) {
            System.err.println(problem.getMessage());
            return EXIT_BAD_CONFIGURATION;
        } finally {
            if (simulation != null) {
                simulation.close();
            }
        }
    }

    /** Reads the same configuration as a run, through Camel's properties, without starting Camel. */
    private static int show() {
        CamelContext context = settings();
        SettingsReader read = new SettingsReader(key -> optional(context, key));
        Cluster cluster = ClusterSettings.read(read);
        read.throwIfAny();
        return new ShowCommand(key -> optional(context, key).orElse(""), cluster, System.out, System.err).run();
    }

    /** The configuration a run reads, through a Camel context that is never started: only its properties are used. */
    private static CamelContext settings() {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(PROPERTY_LOCATIONS);
        SettingsPrecedence.apply(context.getPropertiesComponent());
        return context;
    }

    static Optional<String> optional(CamelContext context, String key) {
        try {
            return context.getPropertiesComponent().resolveProperty(key);
        } catch (RuntimeException e) {
            throw new ConfigurationProblem("Cannot read " + key + ": " + e.getMessage(), e);
        }
    }

}
