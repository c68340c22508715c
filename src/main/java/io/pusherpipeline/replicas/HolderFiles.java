package io.pusherpipeline.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds each lock of the file cluster, for {@code show} and the other replicas' health details.
 * Camel's lock files name their holder by a random id; this writes {@code {root}/{lock}.holder} with
 * the replica's name when it takes a lock. Whether the holder is alive is read from Camel's own
 * {@code {lock}.dat}: its holder rewrites it every heartbeat and empties it when it lets go.
 */
public final class HolderFiles {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.replicas");
    private static final String SUFFIX = ".holder";

    private final Path root;
    private final Duration takeover;

    /** {@code takeover}: a heartbeat older than this is a dead holder's (Camel takes the lock over). */
    public HolderFiles(Path root, Duration takeover) {
        this.root = root;
        this.takeover = takeover;
    }

    void write(String lock, String replica, Instant since) {
        try {
            Path temporary = root.resolve("." + lock + SUFFIX + "." + ProcessHandle.current().pid());
            Files.writeString(temporary, replica + "\n" + since + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, root.resolve(lock + SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            // Only show and the health details lose the name; the lock itself is Camel's.
            LOG.warn("Cannot write {}: {}", root.resolve(lock + SUFFIX), e.getMessage());
        }
    }

    Optional<LockHolder> liveHolder(String lock) {
        return read(lock).filter(LockHolder::live);
    }

    /** The lock's last holder as written beside it, if any. */
    public Optional<LockHolder> read(String lock) {
        try {
            List<String> lines = Files.readAllLines(root.resolve(lock + SUFFIX), StandardCharsets.UTF_8);
            if (lines.size() < 2) {
                return Optional.empty();
            }
            Optional<Duration> age = heartbeatAge(root.resolve(lock + ".dat"));
            boolean live = age.map(a -> a.compareTo(takeover) <= 0).orElse(false);
            return Optional.of(new LockHolder(lock, lines.get(0), Instant.parse(lines.get(1)), age, live));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read the holder of {}: {}", lock, e.getMessage());
            return Optional.empty();
        }
    }

    /** Every lock with a holder file, by name. */
    public List<LockHolder> all() {
        List<LockHolder> holders = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return holders;
        }
        try (Stream<Path> files = Files.list(root)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX) && !n.startsWith(".")).sorted()
                    .forEach(n -> read(n.substring(0, n.length() - SUFFIX.length())).ifPresent(holders::add));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read pusher.cluster.file.root=" + root, e);
        }
        return holders;
    }

    /** How long ago the holder last wrote its heartbeat; empty when the file is empty (let go) or missing. */
    private static Optional<Duration> heartbeatAge(Path dat) throws IOException {
        try {
            if (Files.size(dat) == 0) {
                return Optional.empty();
            }
            Instant written = Files.getLastModifiedTime(dat).toInstant();
            return Optional.of(Duration.between(written, Instant.now()).isNegative() ? Duration.ZERO
                    : Duration.between(written, Instant.now()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
