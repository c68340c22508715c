package io.pusherpipeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.encryption.ChannelEncryption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Pusher's limits on one event, checked before anything is sent; each problem names field and rule. */
public final class EventRules {

    static final Pattern CHANNEL = Pattern.compile("^[-a-zA-Z0-9_=@,.;]+$");
    static final Pattern SOCKET_ID = Pattern.compile("^\\d+\\.\\d+$");
    static final int MAX_CHANNEL_CHARS = 164;
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_CHANNELS = 100;
    static final Set<String> FIELDS = Set.of("channel", "channels", "user", "name", "data", "socket_id", "info");
    /** The channel of the events Pusher sends to one signed-in user. */
    public static final String USER_CHANNEL_PREFIX = "#server-to-user-";
    static final int MAX_USER_ID_CHARS = MAX_CHANNEL_CHARS - USER_CHANNEL_PREFIX.length();

    static final String MASTER_KEY = "pusher.encryption-master-key (environment variable PUSHER_ENCRYPTION_MASTER_KEY)";

    private final int maxDataBytes;
    private final boolean canEncrypt;
    private final EventApps apps;

    public EventRules(int maxDataBytes) {
        this(maxDataBytes, false);
    }

    /** {@code canEncrypt}: a master key is set, so events to private-encrypted- channels can be sent. */
    public EventRules(int maxDataBytes, boolean canEncrypt) {
        this(maxDataBytes, canEncrypt, EventApps.SINGLE);
    }

    /** As {@link #EventRules(int, boolean)}, each event's {@code app} checked against {@code apps}. */
    public EventRules(int maxDataBytes, boolean canEncrypt, EventApps apps) {
        this.maxDataBytes = maxDataBytes;
        this.canEncrypt = canEncrypt;
        this.apps = apps;
    }

    /** The app the event goes to (see {@link EventApps}), once {@link #check} found nothing wrong. */
    String app(JsonNode event) {
        return apps.of(event.get("app"));
    }

    /** The problems of the event at {@code index}; empty when Pusher would accept it. */
    public List<EventProblem> check(int index, JsonNode event) {
        List<EventProblem> problems = new ArrayList<>();
        if (!event.isObject()) {
            problems.add(new EventProblem(index, "event", "must be a JSON object, is " + event.getNodeType().name().toLowerCase()));
            return problems;
        }
        for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            // app is checked below, against pusher.apps; the list names it only where there are apps to name.
            if (!FIELDS.contains(field) && !field.equals("app")) {
                problems.add(new EventProblem(index, field, "unknown field; an event has channel, channels or user, name, data, and optionally socket_id, info"
                        + (apps.names().isEmpty() ? "" : ", app")));
            }
        }
        if (!apps.names().isEmpty() || event.has("app")) {
            problems.addAll(apps.check(index, event.get("app")));
        }
        channels(index, event, problems);
        name(index, event.get("name"), problems);
        data(index, event.get("data"), encrypted(event), problems);
        socketId(index, event.get("socket_id"), problems);
        JsonNode info = event.get("info");
        if (info != null && !info.isTextual()) {
            problems.add(new EventProblem(index, "info", "must be a string such as \"subscription_count\""));
        }
        return problems;
    }

    /** The data as sent: a string as it is, any other JSON value as its JSON text. */
    public static String dataText(JsonNode data) {
        return data.isTextual() ? data.textValue() : data.toString();
    }

    private void channels(int index, JsonNode event, List<EventProblem> problems) {
        JsonNode one = event.get("channel");
        JsonNode many = event.get("channels");
        JsonNode user = event.get("user");
        int given = (one == null ? 0 : 1) + (many == null ? 0 : 1) + (user == null ? 0 : 1);
        if (given > 1) {
            problems.add(new EventProblem(index, "channel", "give one of channel, channels or user, not " + (given == 3 ? "all three"
                    : one == null ? "both channels and user" : many == null ? "both channel and user" : "both channel and channels")));
        } else if (given == 0) {
            problems.add(new EventProblem(index, "channel", "missing: give channel (a name), channels (a list of names) or user (a user id)"));
        } else if (user != null) {
            problems.addAll(userId(index, "user", user));
        } else if (one != null) {
            channel(index, "channel", one, problems);
        } else if (!many.isArray() || many.isEmpty()) {
            problems.add(new EventProblem(index, "channels", "must be a list of 1 to " + MAX_CHANNELS + " channel names"));
        } else if (many.size() > MAX_CHANNELS) {
            problems.add(new EventProblem(index, "channels", "at most " + MAX_CHANNELS + " channels per event, has " + many.size()));
        } else {
            for (int i = 0; i < many.size(); i++) {
                channel(index, "channels[" + i + "]", many.get(i), problems);
                if (many.size() > 1 && many.get(i).isTextual() && ChannelEncryption.isEncrypted(many.get(i).textValue())) {
                    problems.add(new EventProblem(index, "channels[" + i + "]", "\"" + many.get(i).textValue()
                            + "\" is end-to-end encrypted, so an event to it goes to that one channel only (its data is"
                            + " sealed with that channel's key): send it as an event of its own, with channel"));
                }
            }
        }
    }

    /** The problems of a user id: it becomes the channel #server-to-user-{id} and a path of the HTTP API. */
    public static List<EventProblem> userId(int index, String field, JsonNode id) {
        if (id == null || !id.isTextual()) {
            return List.of(new EventProblem(index, field, "must be a user id (a string), the id your user authentication signs in"));
        }
        String text = id.textValue();
        if (text.length() > MAX_USER_ID_CHARS) {
            return List.of(new EventProblem(index, field, "at most " + MAX_USER_ID_CHARS + " characters (" + USER_CHANNEL_PREFIX
                    + "{id} is a channel name, at most " + MAX_CHANNEL_CHARS + "), has " + text.length()));
        }
        if (!CHANNEL.matcher(text).matches()) {
            return List.of(new EventProblem(index, field, "\"" + text + "\" may contain only letters, digits and - _ = @ , . ;"
                    + " (and is not empty): it becomes the channel " + USER_CHANNEL_PREFIX + "{id}"));
        }
        return List.of();
    }

    /** The single encrypted channel the event goes to, or null. */
    private static String encrypted(JsonNode event) {
        JsonNode one = event.get("channel");
        JsonNode many = event.get("channels");
        JsonNode only = one != null ? one : many != null && many.isArray() && many.size() == 1 ? many.get(0) : null;
        return only != null && only.isTextual() && ChannelEncryption.isEncrypted(only.textValue()) ? only.textValue() : null;
    }

    private void channel(int index, String field, JsonNode name, List<EventProblem> problems) {
        if (!name.isTextual()) {
            problems.add(new EventProblem(index, field, "must be a channel name (a string)"));
            return;
        }
        String text = name.textValue();
        if (text.length() > MAX_CHANNEL_CHARS) {
            problems.add(new EventProblem(index, field, "at most " + MAX_CHANNEL_CHARS + " characters, has " + text.length()));
        } else if (!CHANNEL.matcher(text).matches()) {
            problems.add(new EventProblem(index, field, "\"" + text + "\" may contain only letters, digits and - _ = @ , . ; (and is not empty)"));
        } else if (ChannelEncryption.isEncrypted(text) && !canEncrypt) {
            problems.add(new EventProblem(index, field, "\"" + text + "\" is end-to-end encrypted and no master key is set: set "
                    + MASTER_KEY + " to the base64 master key your channel authorization uses"));
        }
    }

    private static void name(int index, JsonNode name, List<EventProblem> problems) {
        if (name == null || !name.isTextual()) {
            problems.add(new EventProblem(index, "name", "missing: the event name is a string of 1 to " + MAX_NAME_CHARS + " characters"));
        } else if (name.textValue().isEmpty() || name.textValue().length() > MAX_NAME_CHARS) {
            problems.add(new EventProblem(index, "name", "must be 1 to " + MAX_NAME_CHARS + " characters, has " + name.textValue().length()));
        }
    }

    private void data(int index, JsonNode data, String encryptedChannel, List<EventProblem> problems) {
        if (data == null) {
            problems.add(new EventProblem(index, "data", "missing: a string, or any JSON value (sent as its JSON text)"));
            return;
        }
        int bytes = dataText(data).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxDataBytes) {
            problems.add(new EventProblem(index, "data", "at most " + maxDataBytes + " bytes (pusher.events.max-data-bytes), has " + bytes));
        } else if (encryptedChannel != null && canEncrypt && ChannelEncryption.encryptedBytes(bytes) > maxDataBytes) {
            problems.add(new EventProblem(index, "data", "at most " + maxDataBytes + " bytes (pusher.events.max-data-bytes) as sent,"
                    + " has " + ChannelEncryption.encryptedBytes(bytes) + " once encrypted for " + encryptedChannel + " (" + bytes + " before)"));
        }
    }

    private static void socketId(int index, JsonNode socketId, List<EventProblem> problems) {
        if (socketId != null && !(socketId.isTextual() && SOCKET_ID.matcher(socketId.textValue()).matches())) {
            problems.add(new EventProblem(index, "socket_id", "must look like \"123.456\" (digits, a dot, digits), is " + socketId));
        }
    }
}
