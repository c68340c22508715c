package io.pusherpipeline.apps;

import io.pusherpipeline.signing.SignRequest;

/**
 * One Pusher app a snapshot route reads: its id, the base URI of its HTTP API, and the signer
 * that holds its secret (never printed: see {@link #toString()}).
 */
public record PusherApp(String name, String id, String baseUri, SignRequest signer) {

    /** The id of the snapshot route of this app: {@code pusher-snapshot}, or {@code pusher-snapshot-{name}} with several apps. */
    public String routeId() {
        return name.isEmpty() ? "pusher-snapshot" : "pusher-snapshot-" + name;
    }

    @Override
    public String toString() {
        return "app " + id + (name.isEmpty() ? "" : " (" + name + ")") + " at " + baseUri;
    }
}
