package io.pusherpipeline.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The made-up app the demo shows: channels of every type, names with {@code ;@,=.}, and presence
 * members that come and go from one snapshot to the next. Nothing here is real Pusher data.
 */
final class SimulatedApp {

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

    /** Moves to the next moment, as each snapshot starts (kept at the last once the script runs out). */
    synchronized void advance() {
        moment = Math.min(moment + 1, 2);
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
