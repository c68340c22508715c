package io.pusherpipeline.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which channels the archiver follows, as the webhooks and snapshots tell: occupied ones that
 * pusher.archive.channels matches, until vacated or until a subscription_count says the archiver is alone
 * there; and those Pusher refused it. {@code subscribed}: the connection's channels with the time each
 * subscription began (none while not connected).
 */
final class FollowedChannels {

    private final ChannelPatterns patterns;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** The channels a subscription_count said it was alone in, with that count's time ({@link OwnSocket}). */
    private final Map<String, Instant> alone = new ConcurrentHashMap<>();

    FollowedChannels(ChannelPatterns patterns) {
        this.patterns = patterns;
    }

    /** channel_occupied follows a channel, channel_vacated leaves it, a subscription_count as {@link #counted}. */
    void webhooks(JsonNode batch, Map<String, Instant> subscribed) {
        Instant at = Instant.ofEpochMilli(batch.path("time_ms").asLong(System.currentTimeMillis()));
        for (JsonNode event : batch.path("events")) {
            String channel = event.path("channel").asText("");
            switch (event.path("name").asText("")) {
                case "channel_occupied" -> {
                    alone.remove(channel);
                    occupied(channel);
                }
                case "channel_vacated" -> {
                    alone.remove(channel);
                    wanted.remove(channel);
                }
                case "subscription_count" -> {
                    int count = event.path("subscription_count").asInt(2);
                    markAlone(channel, count, at, subscribed.get(channel));
                    counted(channel, count, at, subscribed.get(channel));
                }
                default -> {
                }
            }
        }
    }

    /** A loaded snapshot's channels, each with its subscription_count (null when Pusher gave none), at its start. */
    void listed(Map<String, Integer> listed, Instant at, Map<String, Instant> subscribed) {
        listed.forEach((channel, count) -> {
            if (count == null) {
                occupied(channel);
            } else {
                counted(channel, count, at, subscribed.get(channel));
            }
        });
    }

    Set<String> wanted() {
        return wanted;
    }

    boolean isRefused(String channel) {
        return refused.contains(channel);
    }

    void refused(String channel) {
        refused.add(channel);
    }

    Map<String, Instant> alone() {
        return alone;
    }

    /** Every followed channel subscribed (or refused), none still asked for: the archiver sees all it should. */
    boolean allSubscribed(Map<String, Instant> subscribed, Set<String> asked) {
        return asked.isEmpty() && wanted.stream().allMatch(ch -> subscribed.containsKey(ch) || refused.contains(ch));
    }

    private void occupied(String channel) {
        if (patterns.archives(channel)) {
            refused.remove(channel);
            wanted.add(channel);
        }
    }

    /** Remembers that the archiver was alone in the channel at {@code at} (a count of 1, as {@link #counted}), until a client comes. */
    private void markAlone(String channel, int count, Instant at, Instant since) {
        if (count == 1 && since != null && since.isBefore(at)) {
            alone.put(channel, at);
        } else if (count > 1) {
            alone.remove(channel);
        }
    }

    /** {@code count} subscribers at {@code at}: the archiver alone when it was subscribed ({@code since}) before then and the count is 1. */
    private void counted(String channel, int count, Instant at, Instant since) {
        if (count <= 0 || count == 1 && since != null && since.isBefore(at)) {
            wanted.remove(channel);
        } else {
            occupied(channel);
        }
    }
}
