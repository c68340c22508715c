package io.pusherpipeline.archive;

import io.pusherpipeline.history.ChannelEvent;
import io.pusherpipeline.storage.Destination;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the archiver keeps: received events buffered by the socket's thread and stored by the tick
 * ({@link ArchiveStore}, {@code batchSize} a transaction), and its gaps in channel_gaps, one open at a time.
 * Events the database does not take wait here; beyond {@value #MAX_BUFFERED} the oldest are dropped, and
 * their time is a gap once the database takes rows again.
 */
final class ArchiveWriter {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.archive");
    /** Events kept while the database cannot take them; older ones beyond are dropped (and said so). */
    static final int MAX_BUFFERED = 100_000;

    private final String appId;
    private final Destination destination;
    private final int batchSize;
    private final IntConsumer archived;
    private final List<ChannelEvent> buffer = new ArrayList<>();
    private final Object flushing = new Object();
    private ArchiveStore store;
    // The events dropped while the database did not take them: recorded as a gap once it does (under flushing).
    private OffsetDateTime droppedFrom;
    private OffsetDateTime droppedTo;
    private long droppedCount;
    private volatile boolean gapOpen;
    private volatile boolean storeFailing;
    /** A write failed since the last that succeeded: its events, back in the buffer, may be stored already. */
    private boolean retrying;

    /** {@code archived}: told how many events each write stored. */
    ArchiveWriter(String appId, Destination destination, int batchSize, IntConsumer archived) {
        this.appId = appId;
        this.destination = destination;
        this.batchSize = batchSize;
        this.archived = archived;
    }

    /**
     * Only buffered here: the socket's thread never waits on the database (it answers pusher:ping, and a
     * listener that blocks for seconds lets the socket's unread frames pile up); {@link #flush} stores them.
     */
    void add(ChannelEvent event) {
        synchronized (buffer) {
            buffer.add(event);
            if (buffer.size() > MAX_BUFFERED) {
                dropOldest();
            }
        }
    }

    /**
     * Stores what was buffered when it began, {@code batchSize} events a transaction; on a failure keeps the
     * rest for the next tick (the failed events first).
     */
    void flush() {
        synchronized (flushing) {
            List<ChannelEvent> taken;
            synchronized (buffer) {
                if (buffer.isEmpty()) {
                    return;
                }
                taken = List.copyOf(buffer);
                buffer.clear();
            }
            for (int from = 0; from < taken.size(); from += batchSize) {
                List<ChannelEvent> batch = taken.subList(from, Math.min(taken.size(), from + batchSize));
                try {
                    int added = store().write(appId, batch, retrying);
                    retrying = false;
                    archived.accept(added);
                    recordDropped();
                    if (storeFailing) {
                        LOG.info("The archiver stores events again in {}", destination.printable());
                        storeFailing = false;
                    }
                } catch (SQLException | RuntimeException e) {
                    retrying = true;
                    synchronized (buffer) {
                        buffer.addAll(0, taken.subList(from, taken.size()));
                        if (buffer.size() > MAX_BUFFERED) {
                            dropOldest();
                        }
                    }
                    if (!storeFailing) {
                        LOG.warn("The archiver cannot store events in {} (kept, tried again): {}", destination.printable(), e.getMessage());
                        storeFailing = true;
                    }
                    return;
                }
            }
        }
    }

    boolean gapOpen() {
        return gapOpen;
    }

    void openGap(String reason) {
        if (gapOpen || !destination.isDatabase()) {
            return;
        }
        try {
            store().openGap(appId, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), reason);
            gapOpen = true;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The archiver cannot record a gap in channel_gaps of {}: {}", destination.printable(), e.getMessage());
        }
    }

    void closeGap(Instant now) {
        try {
            store().closeGaps(appId, now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            gapOpen = false;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The archiver cannot end its gap in channel_gaps of {} (tried again): {}", destination.printable(), e.getMessage());
        }
    }

    /** The channels a load listed, each with its subscription_count ({@link ArchiveStore#listed}). */
    Map<String, Integer> listed(UUID loadId) throws SQLException {
        return store().listed(loadId);
    }

    /** Holding the buffer's lock: keeps the newest nine tenths of MAX_BUFFERED events, says how many older ones went. */
    private void dropOldest() {
        int dropped = buffer.size() - MAX_BUFFERED * 9 / 10;
        List<ChannelEvent> lost = buffer.subList(0, dropped);
        droppedFrom = droppedFrom == null ? lost.get(0).occurredAt() : droppedFrom;
        droppedTo = lost.get(dropped - 1).occurredAt();
        droppedCount += dropped;
        lost.clear();
        LOG.error("The archiver dropped its {} oldest events: the database has not taken them (a gap in channel_gaps"
                + " says so once it does)", dropped);
    }

    /** Once the database takes events again: the time of those dropped meanwhile is a gap, so no reader takes it as complete. */
    private void recordDropped() throws SQLException {
        if (droppedCount == 0) {
            return;
        }
        store().recordGap(appId, droppedFrom, droppedTo, "the database did not take " + droppedCount
                + " events the archiver received in this time; they were dropped");
        droppedFrom = null;
        droppedCount = 0;
    }

    private synchronized ArchiveStore store() {
        if (store == null) {
            ArchiveStore made = new ArchiveStore(destination);
            made.prepare();
            store = made;
        }
        return store;
    }
}
