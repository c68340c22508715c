package io.pusherpipeline.webhooks;

import io.pusherpipeline.webhooks.PresenceHistory.Observation;
import io.pusherpipeline.webhooks.PresenceHistory.Stays;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one loaded snapshot to the stays of the channels it covers, inside the caller's
 * transaction. A channel nothing has touched since the snapshot began (the usual case) continues
 * from its open stays, all of them in a few statements, and only those the snapshot contradicts
 * are written; one with webhook events or a later snapshot since is derived again.
 */
final class SnapshotHealing {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.webhooks");

    /** Where the connections come from (the store's pool). */
    interface Connections {
        Connection get() throws SQLException;
    }

    private SnapshotHealing() {
    }

    /**
     * Heals in one transaction ({@link HistoryTransaction}), tried again like a webhook batch when another
     * transaction collided with it. Never throws: a failure is one WARN, and the next snapshot heals.
     */
    static void run(Connections connections, String schema, String appId, UUID loadId, Supplier<String> destination) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connections.get()) {
                HistoryTransaction.begin(c, schema);
                try {
                    int channels = heal(new WebhookRows(c, schema), new StayRows(c, schema), appId, loadId);
                    c.commit();
                    LOG.debug("Load {} healed the stays of {} channels", loadId, channels);
                    return;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                if (attempt >= WebhookStore.ATTEMPTS || !(e instanceof SQLException s && WebhookStore.collided(s))) {
                    LOG.warn("Load {} could not heal presence_sessions and channel_occupancy in {} (the next snapshot will): {}",
                            loadId, destination.get(), e.getMessage());
                    return;
                }
            }
        }
    }

    /** Returns how many channels' stays changed or were derived again (0 when the load observed nothing). */
    static int heal(WebhookRows events, StayRows stays, String appId, UUID loadId) throws SQLException {
        Observations observations = events.observations();
        Observations.Load load = observations.load(appId, loadId);
        if (load == null) {
            return 0;
        }
        Map<String, Set<String>> listed = observations.listed(loadId);
        listed.keySet().removeIf(channel -> !load.covers(channel));
        Map<String, Stays> open = new LinkedHashMap<>();
        stays.openStays(appId, null).forEach((channel, channelStays) -> {
            if (load.covers(channel)) {
                open.put(channel, channelStays);
            }
        });
        Set<String> touched = new TreeSet<>(events.channelsWithHistorySince(appId, load.at().toEpochMilli()));
        touched.removeIf(channel -> !load.covers(channel));
        Set<String> covered = new TreeSet<>(listed.keySet());
        covered.addAll(open.keySet());
        covered.addAll(touched);
        Set<String> again = derivedAgain(observations, appId, load, covered, touched);
        Map<String, Stays> changed = new LinkedHashMap<>();
        for (String channel : covered) {
            if (again.contains(channel)) {
                continue;
            }
            Stays before = open.getOrDefault(channel, Stays.NONE);
            Observation seen = new Observation(load.at(), load.until(), listed.getOrDefault(channel, Set.of()), listed.containsKey(channel));
            Stays after = PresenceHistory.of(before, List.of(), List.of(seen));
            if (!after.sameAs(before)) {
                changed.put(channel, after);
            }
        }
        List<String> channels = List.copyOf(changed.keySet());
        for (int from = 0; from < channels.size(); from += stays.keysPerQuery()) {
            Map<String, Stays> part = new LinkedHashMap<>();
            channels.subList(from, Math.min(channels.size(), from + stays.keysPerQuery())).forEach(c -> part.put(c, changed.get(c)));
            stays.replaceOpen(appId, open, part);
        }
        for (String channel : again) {
            ChannelStays.rederive(events, stays, appId, channel, load.at().toEpochMilli());
        }
        return changed.size() + again.size();
    }

    /** The covered channels with a webhook event at or after the snapshot's start, or seen by a later snapshot. */
    private static Set<String> derivedAgain(Observations observations, String appId, Observations.Load load,
                                            Set<String> covered, Set<String> touched) throws SQLException {
        Set<String> again = new TreeSet<>(touched);
        for (Observations.Load other : observations.reaching(appId, load.at())) {
            if (!other.loadId().equals(load.loadId())) {
                covered.stream().filter(other::covers).forEach(again::add);
            }
        }
        return again;
    }
}
