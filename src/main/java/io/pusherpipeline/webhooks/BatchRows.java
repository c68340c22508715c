package io.pusherpipeline.webhooks;

import io.pusherpipeline.history.ChannelEventInserts;
import io.pusherpipeline.history.ClientEventMatches;
import io.pusherpipeline.webhooks.PairHistory.Pair;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One verified batch's rows, inside the caller's transaction that holds its channels' locks ({@link LockedTransactions}). */
final class BatchRows {

    private final Connection c;
    private final String schema;
    private final boolean postgres;

    BatchRows(Connection c, String schema, boolean postgres) {
        this.c = c;
        this.schema = schema;
        this.postgres = postgres;
    }

    /** Stores the batch's new events and rejects, derives the pairs they touch again; adds the new keys to {@code added}, the new rejects to {@code kept}. */
    void store(WebhookBatch batch, Set<String> added, List<WebhookReject> kept) throws SQLException {
        WebhookRows rows = new WebhookRows(c, schema);
        HistoryInserts inserts = new HistoryInserts(c, schema, postgres);
        List<WebhookEvent> unseen = rows.unseen(batch.events().stream().sorted(Comparator.comparing(WebhookEvent::eventKey)).toList());
        List<WebhookReject> rejects = rows.unseenRejects(batch.rejects());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        inserts.events(unseen, now);
        inserts.rejects(rejects, now);
        new PairHistory(c, schema, batch.appId(), inserts, postgres).rederive(bounds(rows, batch.appId(), unseen));
        Set<String> unseenKeys = new HashSet<>();
        unseen.forEach(e -> unseenKeys.add(e.eventKey()));
        // The same commit as webhook_events, whose keys they share: a batch delivered again adds none; one the
        // archiver stored already becomes that row.
        new ChannelEventInserts(c, schema, postgres).append(new ClientEventMatches(c, schema)
                .unmatched(ClientEvents.of(batch.events(), unseenKeys)));
        added.addAll(unseenKeys);
        kept.addAll(rejects);
    }

    /**
     * From when each pair's stays may change: its earliest new event; a channel_vacated also reaches
     * every user of the channel with a session open at its time.
     */
    private static Map<Pair, Instant> bounds(WebhookRows rows, String appId, List<WebhookEvent> unseen) throws SQLException {
        Map<Pair, Instant> bounds = new LinkedHashMap<>();
        for (WebhookEvent e : unseen) {
            if (!e.shapesHistory()) {
                continue;
            }
            bounds.merge(new Pair(e.channel(), e.userId()), e.time(), BatchRows::earlier);
            if (e.name().equals(WebhookEvent.CHANNEL_VACATED)) {
                for (String user : rows.usersSince(appId, e.channel(), e.time())) {
                    bounds.merge(new Pair(e.channel(), user), e.time(), BatchRows::earlier);
                }
            }
        }
        return bounds;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
