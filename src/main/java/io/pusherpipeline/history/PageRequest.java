package io.pusherpipeline.history;

/** One page asked of {@code channel_events}: the app and channel, the events after seq {@code after}, at most {@code limit}. */
public record PageRequest(String appId, String channel, long after, int limit) {
}
