package io.pusherpipeline.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where each example event file of the demo ended, and why a refused one was refused. */
final class DemoEventsReport {

    private final Path inbox;

    DemoEventsReport(Path inbox) {
        this.inbox = inbox;
    }

    void print(List<String> files, int eventsReceived, PrintStream out) throws IOException {
        out.println();
        out.println("Example events published from " + inbox + " (to the SIMULATED Pusher, which received "
                + eventsReceived + " events):");
        for (String name : files) {
            if (Files.exists(inbox.resolve(".done").resolve(name))) {
                out.println("  " + name + " -> " + inbox.resolve(".done") + " (published; rows in pusher_data.apps_events)");
            } else if (Files.exists(inbox.resolve(".error").resolve(name))) {
                Path reason = inbox.resolve(".error").resolve(name + ".reason.txt");
                out.println("  " + name + " -> " + inbox.resolve(".error") + ", refused before anything was sent; " + reason + ":");
                for (String line : Files.readAllLines(reason)) {
                    out.println("      " + line);
                }
            } else {
                out.println("  " + name + " -> not decided yet: still in " + inbox);
            }
        }
    }
}
