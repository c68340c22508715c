package io.pusherpipeline.events;

/**
 * The socket of the app's own listener (the archiver), if connected: an event published here is sent
 * with it as {@code socket_id}, so Pusher does not deliver the event to the listener and the history keeps
 * it once, as published.
 */
@FunctionalInterface
public interface ListeningSocket {

    ListeningSocket NONE = appId -> null;

    /** The listener's socket id for the app of this id, or null when none listens. */
    String of(String appId);
}
