package io.pusherpipeline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Drops a file into a running jar's inbox as the README tells writers: under a name the inbox ignores, then renamed. */
final class InboxFiles {

    private InboxFiles() {
    }

    static void drop(Path inbox, String name, String json) {
        try {
            Files.createDirectories(inbox);
            Path temporary = inbox.resolve(name + ".tmp");
            Files.writeString(temporary, json);
            Files.move(temporary, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
