package io.pusherpipeline.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop of Camel that ends before the JVM's shutdown
 * begins. Left to the JVM, a signal runs every shutdown hook at once, and H2's hook closed the
 * database while Camel was still finishing the file in hand: the journal row of a batch Pusher
 * had accepted was lost and the batch went out again after the restart (seen in the SIGTERM test).
 * H2's own fix, DB_CLOSE_ON_EXIT=FALSE, is refused with AUTO_SERVER=TRUE, which the default URL has.
 */
final class StopSignals {

    private final AtomicReference<String> received = new AtomicReference<>();

    /** Runs {@code stop} (once, on its own thread) when a stop signal comes. */
    void install(Runnable stop) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (received.compareAndSet(null, signal.getName())) {
                        System.err.println("SIG" + signal.getName() + ": stopping gracefully (at most camel.main.shutdown-timeout)");
                        new Thread(stop, "pusher-graceful-stop").start();
                    }
                });
            } catch (IllegalArgumentException e) {
                // This platform has no such signal: the JVM's own handling stays.
            }
        }
    }

    /** The exit code a shell gives for the signal received (143 for TERM, 130 for INT), or null. */
    Integer exitCode() {
        String name = received.get();
        return name == null ? null : name.equals("INT") ? 130 : 143;
    }
}
