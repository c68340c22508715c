package io.pusherpipeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Which app each event of one call goes to: its own {@code app}, else the caller's (header
 * PusherApp), else the default app; {@code fallback} null when there is none, and {@code noFallback} says why.
 * {@code names} are those of pusher.apps; "" is the app of pusher.app-id.
 */
public record EventApps(List<String> names, String fallback, String noFallback) {

    /** The single app of pusher.app-id, no pusher.apps: events name no app. */
    public static final EventApps SINGLE = new EventApps(List.of(), "", null);

    public EventApps {
        names = List.copyOf(names);
    }

    /** The problems of an event's {@code app} (null when it gives none). */
    List<EventProblem> check(int index, JsonNode app) {
        if (app == null) {
            return fallback == null ? List.of(new EventProblem(index, "app", noFallback)) : List.of();
        }
        if (!app.isTextual()) {
            return List.of(new EventProblem(index, "app", "must be the name of an app of pusher.apps (a string)"));
        }
        String unknown = unknown(app.textValue(), names);
        return unknown == null ? List.of() : List.of(new EventProblem(index, "app", unknown));
    }

    /** The app the event goes to, once {@link #check} found nothing wrong. */
    String of(JsonNode app) {
        return app == null ? fallback : app.textValue();
    }

    /** Why {@code name} is not an app to publish to; null when it is one. */
    static String unknown(String name, List<String> names) {
        if (names.contains(name)) {
            return null;
        }
        return names.isEmpty()
                ? "\"" + name + "\" is not an app: pusher.apps is not set, so events go to the app of pusher.app-id; leave app out"
                : "\"" + name + "\" is not one of pusher.apps (" + String.join(", ", names) + ")";
    }
}
