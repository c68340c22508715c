package io.pusherpipeline.webhooks;

import io.pusherpipeline.history.ChannelLocks;
import io.pusherpipeline.snapshot.Snapshot;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.StorageException;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.webhooks.PairHistory.Pair;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores verified webhook batches in the destination: in a folder as files ({@link WebhookFiles});
 * in a database each batch in one transaction: its new events in
 * {@code webhook_events}, its events of the wrong shape in {@code webhook_rejects}, its new client
 * events in {@code channel_events}, and the stays of the (channel, user) pairs its events touch
 * derived again ({@link PairHistory}). Transactions on
 * different channels run at once, from this receiver's workers or from others sharing the database.
 */
public final class WebhookStore implements AutoCloseable {

    /** At most this many batches in one transaction: each channel of theirs is one of PostgreSQL's shared lock slots (64 per connection). */
    private static final int BATCHES_PER_COMMIT = 25;
    /** Channels per healing transaction: each is one lock, and webhooks on other channels go on meanwhile. */
    private static final int HEALED_PER_TRANSACTION = 100;
    private static final Logger LOG = LoggerFactory.getLogger("pusher.webhooks");

    /**
     * A request still waiting for its transaction this long after it arrived is answered 503:
     * Pusher waits 4 s for an answer, and the HTTP server's workers may have queued it already.
     */
    private static final long MAX_WAIT_MS = 2_000;

    private final GroupCommit<WebhookBatch, Integer> commits = new GroupCommit<>(this::storeTogether,
            e -> !Unreachable.database(e), BATCHES_PER_COMMIT, () -> new StorageException("Cannot store"
            + " webhook events: the request waited " + MAX_WAIT_MS + " ms for a transaction (the database is behind)", null));
    private Destination destination;
    private String schema;
    private boolean postgres;
    private WebhookFiles files;
    private volatile boolean prepared;

    /** {@code pusherDestination}: the snapshots' database (whose pool the sink closes), or their folder. */
    public void setDestination(Destination destination) {
        this.destination = destination;
        this.schema = destination.schema();
        this.postgres = destination.postgres();
    }

    /**
     * Stores the batch's events not stored yet, keeps its rejects, and re-derives the stays its new
     * events touch; returns how many events were new, once committed. Batches that arrive while a
     * transaction runs wait and are then stored together in the next one ({@link GroupCommit}).
     */
    public int store(WebhookBatch batch) {
        return store(batch, System.currentTimeMillis());
    }

    /** {@link #store(WebhookBatch)} for the request that the exchange was created for, which started its wait. */
    public int storeReceived(WebhookBatch batch, Exchange exchange) {
        return store(batch, exchange.getClock().getCreated());
    }

    private int store(WebhookBatch batch, long receivedMs) {
        if (!destination.isDatabase()) {
            synchronized (this) {
                return files().store(batch);
            }
        }
        return commits.submit(batch, (MAX_WAIT_MS - (System.currentTimeMillis() - receivedMs)) * 1_000_000);
    }

    /** The batches in one transaction, merged per app so that each statement covers all their events. */
    private List<Integer> storeTogether(List<WebhookBatch> batches) {
        Collection<WebhookBatch> byApp = WebhookBatches.byApp(batches);
        List<String> channels = new ArrayList<>();
        byApp.forEach(b -> WebhookRows.channels(b.events()).forEach(channel -> channels.add(ChannelLocks.name(b.appId(), channel))));
        Set<String> added = new HashSet<>();
        List<WebhookReject> kept = new ArrayList<>();
        transactions().inTurn(channels, c -> {
            added.clear();
            kept.clear();
            for (WebhookBatch batch : byApp) {
                new BatchRows(c, schema, postgres).store(batch, added, kept);
            }
            return null;
        }, "store webhook events");
        kept.forEach(r -> LOG.warn("Webhook event {} ({}) of app {} at time_ms {} left out of the history: {}; kept in"
                + " webhook_rejects", r.index(), r.printableName(), r.appId(), r.timeMs(), r.reason()));
        return WebhookBatches.newPerBatch(batches, added);
    }

    /**
     * After a snapshot loaded into the database (routes/pusher-snapshot.yaml, with the receiver on):
     * derives again the stays of every pair of the channels it covers that it may change, from its
     * start, in transactions of {@value #HEALED_PER_TRANSACTION} channels. Never fails the snapshot:
     * a failure is one WARN, and the next snapshot heals.
     */
    public void heal(Snapshot snapshot) {
        heal(snapshot.appId(), snapshot.loadId());
    }

    /** Heals from the load {@code loadId} of the app, stored and {@code loaded}. */
    public void heal(String appId, UUID loadId) {
        if (!destination.isDatabase()) {
            return;
        }
        try {
            Map<String, Map<Pair, Instant>> byChannel = new LinkedHashMap<>();
            try (Connection c = connection()) {
                SnapshotHealing.pairs(c, schema, appId, loadId).forEach((pair, at) ->
                        byChannel.computeIfAbsent(pair.channel(), k -> new LinkedHashMap<>()).put(pair, at));
            }
            List<String> channels = List.copyOf(byChannel.keySet());
            int changed = 0;
            for (int from = 0; from < channels.size(); from += HEALED_PER_TRANSACTION) {
                List<String> part = channels.subList(from, Math.min(channels.size(), from + HEALED_PER_TRANSACTION));
                Map<Pair, Instant> bounds = new LinkedHashMap<>();
                part.forEach(channel -> bounds.putAll(byChannel.get(channel)));
                changed += transactions().inTurn(part.stream().map(channel -> ChannelLocks.name(appId, channel)).toList(),
                        c -> new PairHistory(c, schema, appId, new HistoryInserts(c, schema, postgres), postgres).rederive(bounds),
                        "heal presence_sessions and channel_occupancy");
            }
            LOG.debug("Load {} changed the stays of {} (channel, user) pairs", loadId, changed);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Load {} could not heal presence_sessions and channel_occupancy in {} (the next snapshot will): {}",
                    loadId, destination.printable(), e.getMessage());
        }
    }

    private LockedTransactions transactions() {
        return new LockedTransactions(() -> new LockedTransactions.Prepared(preparedDataSource(), postgres), schema, destination.printable());
    }

    private Connection connection() throws SQLException {
        return preparedDataSource().getConnection();
    }

    private synchronized DataSource preparedDataSource() {
        if (!prepared) {
            Tables.create(destination);
            prepared = true;
        }
        return destination.dataSource();
    }

    private synchronized WebhookFiles files() {
        files = files == null ? new WebhookFiles(destination.folder()) : files;
        return files;
    }

    /** Lets go of the webhook files; the pool is the sink's, which closes it. */
    @Override
    public synchronized void close() {
        files = null;
    }
}
