package io.pusherpipeline;

import io.pusherpipeline.events.EventJournal;
import io.pusherpipeline.snapshot.SnapshotSteps;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.StartupListener;
import org.apache.camel.VetoCamelContextStartException;

/**
 * Opens the snapshots' database on a thread of its own while Camel creates and warms up the routes
 * (about 0.5 s of start-up on two cores), and waits for it before their consumers (the timers)
 * start: a database that cannot be reached stops the start-up with its message, before a first
 * request. The events journal's tables come after the snapshots' (two threads creating tables in
 * one H2 database at once failed with "object already exists" despite IF NOT EXISTS).
 */
final class PreparedBeforeRoutes implements StartupListener {

    private final SnapshotSteps steps;
    private final EventJournal journal;
    private volatile RuntimeException failure;

    private PreparedBeforeRoutes(SnapshotSteps steps, EventJournal journal) {
        this.steps = steps;
        this.journal = journal;
    }

    /** {@code journal} null when no inbox runs (--once). */
    static PreparedBeforeRoutes install(CamelContext context, EventJournal journal) {
        SnapshotSteps steps = context.getRegistry().findSingleByType(SnapshotSteps.class);
        steps.prepareInBackground();
        PreparedBeforeRoutes prepared = new PreparedBeforeRoutes(steps, journal);
        try {
            context.addStartupListener(prepared);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
        return prepared;
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        // Not yet: the routes' producers (their HTTP clients) are made while the database opens.
    }

    /**
     * Camel calls this once the routes are warmed up, before it starts their consumers. A failure
     * vetoes the start: Camel then stops without logging it as an error with its stack trace, and
     * the launcher says it in one message ({@link #rethrowFailure()}).
     */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) throws VetoCamelContextStartException {
        try {
            steps.prepare();
            if (journal != null) {
                journal.prepare();
            }
        } catch (RuntimeException e) {
            failure = e;
            throw new VetoCamelContextStartException("the database could not be prepared (below)", context, false);
        }
    }

    /** Throws what stopped the start-up, if anything did. */
    void rethrowFailure() {
        if (failure != null) {
            throw failure;
        }
    }
}
