package io.pusherpipeline.webhooks;

import io.pusherpipeline.Json;
import io.pusherpipeline.storage.StoredText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Webhook bodies built from the documented events with random faults, each knowing what it must
 * come to: a body of the wrong outer shape is refused whole; in a body of the right shape, every
 * well-formed event is stored and every broken one is left out. Text is drawn from what databases
 * find hard: NUL and other control characters, lone surrogates, the escape marker, long strings.
 */
final class FuzzBodies {

    static final long T0 = 1_800_000_000_000L;

    /** One event of a body: its JSON as sent, and the fields it must be stored with (null when broken). */
    record Event(String json, Stored stored) {
    }

    /** What {@code webhook_events} must hold for a well-formed event, as the original (unescaped) text. */
    record Stored(long timeMs, String name, String channel, String userId, String clientEvent, String data,
                  String socketId, Integer subscriptionCount) {
    }

    /** A body: whether its outer shape is right (then it is answered 200), and its events. */
    record Body(String json, boolean rightShape, long timeMs, List<Event> events) {
    }

    private final Random random;
    private final List<String> channels;
    private final List<String> users;

    FuzzBodies(Random random) {
        this.random = random;
        // A few channels and users, so that sessions open and close on the same pairs; some differ
        // only in a lone surrogate, which UTF-8 cannot tell apart.
        channels = List.of("presence-a", "presence-\u0000b", "presence-\ud800", "presence-\ud801", StoredText.MARKER + "presence-c",
                "presence-\ud83d\ude00", "private-d");
        users = List.of("u1", "u\u0000", "\udc00", "\udc01", StoredText.MARKER + "\\u0000", "\u00e9\u4e2d\ud83d\ude00", "u".repeat(100));
    }

    Body next() {
        long timeMs = T0 + random.nextInt(200);
        int fault = random.nextInt(20);
        if (fault == 0) {
            return refused(timeMs);
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            events.add(random.nextInt(6) == 0 ? broken() : wellFormed(timeMs));
        }
        if (random.nextInt(10) == 0 && !events.isEmpty()) {
            events.add(events.get(random.nextInt(events.size())));
        }
        String json = "{\"time_ms\":" + timeMs + ",\"events\":[" + String.join(",", events.stream().map(Event::json).toList()) + "]}";
        return new Body(json, true, timeMs, events);
    }

    /** A body whose outer shape is wrong: not JSON, no time_ms or a bad one, no events list, nested past Jackson's limit. */
    private Body refused(long timeMs) {
        String events = "[" + member("member_added", "presence-a", "u1") + "]";
        String json = switch (random.nextInt(11)) {
            case 0 -> "{\"time_ms\":" + timeMs + ",\"events\":";
            case 1 -> "[" + events + "]";
            case 2 -> "{\"events\":" + events + "}";
            case 3 -> "{\"time_ms\":-" + timeMs + ",\"events\":" + events + "}";
            case 4 -> "{\"time_ms\":\"" + timeMs + "\",\"events\":" + events + "}";
            case 5 -> "{\"time_ms\":1e30,\"events\":" + events + "}";
            case 6 -> "{\"time_ms\":" + (WebhookBatch.LATEST_TIME_MS + 1) + ",\"events\":" + events + "}";
            case 7 -> "{\"time_ms\":99999999999999999999999,\"events\":" + events + "}";
            case 8 -> "{\"time_ms\":" + timeMs + ",\"events\":{}}";
            case 9 -> "{\"time_ms\":" + timeMs + "}";
            default -> "{\"time_ms\":" + timeMs + ",\"events\":[{\"name\":\"client_event\",\"channel\":\"c\",\"data\":"
                    + "[".repeat(5000) + "]".repeat(5000) + "}]}";
        };
        return new Body(json, false, timeMs, List.of());
    }

    private Event wellFormed(long timeMs) {
        String channel = pick(channels);
        String user = pick(users);
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                String name = random.nextBoolean() ? "member_added" : "member_removed";
                return new Event(member(name, channel, user), new Stored(timeMs, name, channel, user, null, null, null, null));
            }
            case 2 -> {
                String name = random.nextBoolean() ? "channel_occupied" : "channel_vacated";
                return new Event(object("name", name, "channel", channel), new Stored(timeMs, name, channel, null, null, null, null, null));
            }
            case 3 -> {
                // Escaped, 25 characters take at most 150: with the marker and the prefix, within the column's 200.
                String event = "client-" + text(25);
                String socket = text(14);
                if (random.nextBoolean()) {
                    String data = text(random.nextInt(8) == 0 ? 20_000 : 200);
                    return new Event(object("name", "client_event", "channel", channel, "event", event, "data", data, "socket_id", socket,
                            "user_id", user), new Stored(timeMs, "client_event", channel, user, event, data, socket, null));
                }
                // Data as an object, nested as deep as a real client might: soketi forwards it so, and it is kept as JSON.
                int depth = 1 + random.nextInt(60);
                String data = "{\"k\":".repeat(depth) + quote(text(20)) + "}".repeat(depth);
                return new Event("{\"name\":\"client_event\",\"channel\":" + quote(channel) + ",\"event\":" + quote(event)
                        + ",\"data\":" + data + ",\"socket_id\":" + quote(socket) + "}",
                        new Stored(timeMs, "client_event", channel, null, event, asJackson(data), socket, null));
            }
            case 4 -> {
                int count = random.nextInt(3) == 0 ? Integer.MAX_VALUE : random.nextInt(1000);
                return new Event("{\"name\":\"subscription_count\",\"channel\":" + quote(channel) + ",\"subscription_count\":" + count + "}",
                        new Stored(timeMs, "subscription_count", channel, null, null, null, null, count));
            }
            default -> {
                return new Event(object("name", "cache_miss", "channel", channel), new Stored(timeMs, "cache_miss", channel, null, null, null, null, null));
            }
        }
    }

    /** An event that breaks exactly one rule of the documented shape. */
    private Event broken() {
        String channel = pick(channels);
        String user = pick(users);
        String json = switch (random.nextInt(16)) {
            case 0 -> "{\"channel\":" + quote(channel) + ",\"user_id\":" + quote(user) + "}";
            case 1 -> "{\"name\":42,\"channel\":" + quote(channel) + "}";
            case 2 -> object("name", "room_renamed-" + text(random.nextBoolean() ? 40 : 5000), "channel", channel);
            case 3 -> object("name", "member_added", "channel", channel);
            case 4 -> "{\"name\":\"member_removed\",\"channel\":" + quote(channel) + ",\"user_id\":" + random.nextInt() + "}";
            case 5 -> object("name", "member_added", "user_id", user);
            case 6 -> object("name", "channel_occupied", "channel", "c".repeat(201 + random.nextInt(500)));
            case 7 -> object("name", "member_added", "channel", "presence-" + "\u0000".repeat(40), "user_id", user);
            case 8 -> object("name", "member_added", "channel", channel, "user_id", "u".repeat(1001));
            case 9 -> object("name", "client_event", "channel", channel, "event", "client-x", "data", "x", "socket_id", "1".repeat(101));
            case 10 -> "{\"name\":\"subscription_count\",\"channel\":" + quote(channel) + ",\"subscription_count\":-1}";
            case 11 -> "{\"name\":\"subscription_count\",\"channel\":" + quote(channel) + ",\"subscription_count\":1e20}";
            case 12 -> "{\"name\":\"subscription_count\",\"channel\":" + quote(channel) + ",\"subscription_count\":\"3\"}";
            case 13 -> random.nextBoolean() ? "42" : "[" + quote(text(10)) + "]";
            case 14 -> "{\"name\":\"member_added\",\"channel\":[" + quote(channel) + "],\"user_id\":" + quote(user) + "}";
            default -> object("name", "channel_vacated", "channel", channel, "user_id", user);
        };
        return new Event(json, null);
    }

    /** JSON data as the receiver keeps it: Jackson's writing of the parsed value. */
    private static String asJackson(String json) {
        try {
            return Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the generator wrote bad JSON: " + json, e);
        }
    }

    static String member(String name, String channel, String user) {
        return object("name", name, "channel", channel, "user_id", user);
    }

    /** A JSON object of string fields, in the order given. */
    private static String object(String... fields) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < fields.length; i += 2) {
            s.append(i == 0 ? "" : ",").append(quote(fields[i])).append(':').append(quote(fields[i + 1]));
        }
        return s.append('}').toString();
    }

    /** A JSON string as a client writes it: control characters and every surrogate (paired or not) as \\u escapes. */
    static String quote(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (char ch : value.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                s.append('\\').append(ch);
            } else if (ch < 0x20 || Character.isSurrogate(ch)) {
                s.append(String.format("\\u%04x", (int) ch));
            } else {
                s.append(ch);
            }
        }
        return s.append('"').toString();
    }

    /** Up to {@code max} characters, each from a pool chosen at random. */
    private String text(int max) {
        int length = random.nextInt(max + 1);
        StringBuilder s = new StringBuilder(random.nextInt(8) == 0 ? StoredText.MARKER : "");
        while (s.length() < length) {
            switch (random.nextInt(9)) {
                case 0 -> s.append('\u0000');
                case 1 -> s.append((char) (1 + random.nextInt(31)));
                case 2 -> s.append((char) (0xd800 + random.nextInt(0x800)));
                case 3 -> s.append("\ud83d\ude00");
                case 4 -> s.append(random.nextBoolean() ? '"' : '\\');
                case 5 -> s.append("\\u0000");
                case 6 -> s.append((char) (0x4e00 + random.nextInt(100)));
                default -> s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.length() > length ? s.substring(0, length) : s.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
