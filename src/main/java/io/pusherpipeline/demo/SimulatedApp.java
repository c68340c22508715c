package io.pusherpipeline.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The made-up app the demo shows: channels of every type, names with {@code ;@,=.}, presence
 * members that come and go from one snapshot to the next, and visitors who come and go between
 * two snapshots, whom only webhooks see. Nothing here is real Pusher data.
 */
final class SimulatedApp {

    /** {@code userId} joins {@code channel} a while after a snapshot and leaves before the next; {@code alone}: nobody else is there. */
    record Visit(String channel, String userId, Duration joinsAfter, Duration leavesAfter, boolean alone) {

        List<Map<String, Object>> joining() {
            return MemberWebhooks.joined(channel, userId, alone);
        }

        List<Map<String, Object>> leaving() {
            return MemberWebhooks.left(channel, userId, alone);
        }
    }

    /** A visit after the first snapshot and one after the second, each over well within the demo's period of 2 s. */
    private static final List<Visit> VISITS = List.of(
            new Visit("presence-lobby", "oscar", Duration.ofMillis(400), Duration.ofMillis(1100), false),
            new Visit("presence-cache-game-42", "peggy", Duration.ofMillis(300), Duration.ofMillis(1300), true));

    /** Presence channels and their members at each of the demo's moments. */
    private static final Map<String, List<List<String>>> MEMBERS = Map.of(
            "presence-lobby", List.of(
                    List.of("alice", "bob", "carol"),
                    List.of("alice", "carol", "dave"),
                    List.of("carol", "dave", "erin", "frank")),
            "presence-room;floor=2@hq,west.wing", List.of(
                    List.of("grace", "heidi"),
                    List.of("grace", "heidi", "ivan"),
                    List.of("ivan")),
            "presence-cache-game-42", List.of(
                    List.of("judy"),
                    List.of(),
                    List.of("judy", "mallory")));

    private static final Map<String, Integer> OTHERS = new LinkedHashMap<>();

    static {
        OTHERS.put("news", 12);
        OTHERS.put("private-orders.eu", 3);
        OTHERS.put("private-encrypted-vault", 1);
        OTHERS.put("cache-prices=usd", 7);
        OTHERS.put("private-cache-stock", 2);
        OTHERS.put("private-encrypted-cache-notes", 1);
        OTHERS.put("#server-to-user-alice", 1);
    }

    private int moment = -1;

    /**
     * Moves to the next moment, as each snapshot starts (kept at the last once the script runs out),
     * and returns the webhook events of who came and went. The first moment starts by vacating
     * every presence channel: a previous demo's simulated app stopped with its sessions still open
     * in ./data/demo.
     */
    synchronized List<Map<String, Object>> advance() {
        Map<String, List<String>> before = presenceMembers();
        List<Map<String, Object>> events = new ArrayList<>(moment < 0 ? MemberWebhooks.vacated(MEMBERS.keySet()) : List.of());
        moment = Math.min(moment + 1, 2);
        events.addAll(MemberWebhooks.changes(before, presenceMembers()));
        return events;
    }

    /** Who visits between this moment's snapshot and the next, if anyone. */
    synchronized Optional<Visit> visit() {
        return moment < VISITS.size() ? Optional.of(VISITS.get(moment)) : Optional.empty();
    }

    /** Members of every presence channel at this moment; none before the first. */
    private Map<String, List<String>> presenceMembers() {
        Map<String, List<String>> members = new LinkedHashMap<>();
        MEMBERS.forEach((name, script) -> members.put(name, moment < 0 ? List.of() : script.get(moment)));
        return members;
    }

    /** Occupied channels and their subscription counts at this moment. */
    synchronized Map<String, Integer> channels() {
        Map<String, Integer> channels = new LinkedHashMap<>(OTHERS);
        MEMBERS.forEach((name, script) -> {
            List<String> now = script.get(Math.max(moment, 0));
            if (!now.isEmpty()) {
                channels.put(name, now.size());
            }
        });
        return channels;
    }

    /** Members of a presence channel at this moment; empty when it has none (or emptied). */
    synchronized List<String> members(String channel) {
        List<List<String>> script = MEMBERS.get(channel);
        return script == null ? List.of() : script.get(Math.max(moment, 0));
    }
}
