package io.pusherpipeline.webhooks;

import io.pusherpipeline.webhooks.PairHistory.Pair;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The (channel, user) pairs one loaded snapshot is evidence for, each from the snapshot's start:
 * in the channels it covers, the members it lists, the sessions and occupancy open then or later,
 * and the pairs with webhook events since. {@link PairHistory} derives them again.
 */
final class SnapshotHealing {

    private SnapshotHealing() {
    }

    /** The pairs to derive again from the load's start; none when the load observed nothing. */
    static Map<Pair, Instant> pairs(Connection c, String schema, String appId, UUID loadId) throws SQLException {
        Observations observations = new Observations(c, schema);
        Observations.Load load = observations.load(appId, loadId);
        if (load == null) {
            return Map.of();
        }
        Set<Pair> pairs = new LinkedHashSet<>();
        observations.listed(loadId).forEach((channel, members) -> {
            pairs.add(new Pair(channel, null));
            members.forEach(user -> pairs.add(new Pair(channel, user)));
        });
        pairs.addAll(new WebhookRows(c, schema).pairsSince(appId, load.at()));
        Map<Pair, Instant> bounds = new LinkedHashMap<>();
        pairs.stream().filter(pair -> load.covers(pair.channel())).forEach(pair -> bounds.put(pair, load.at()));
        return bounds;
    }
}
