package io.pusherpipeline.channels;

import java.util.List;

/** The kind of a Pusher channel, told by its name's prefix. */
public enum ChannelType {
    SERVER_TO_USER("server-to-user", "#server-to-user-"),
    PRIVATE_ENCRYPTED_CACHE("private-encrypted-cache", "private-encrypted-cache-"),
    PRIVATE_ENCRYPTED("private-encrypted", "private-encrypted-"),
    PRIVATE_CACHE("private-cache", "private-cache-"),
    PRESENCE_CACHE("presence-cache", "presence-cache-"),
    PRIVATE("private", "private-"),
    PRESENCE("presence", "presence-"),
    CACHE("cache", "cache-"),
    PUBLIC("public", "");

    // Longest prefixes first, so "private-encrypted-cache-x" is not taken for "private-x".
    private static final List<ChannelType> BY_PREFIX_LENGTH = List.of(values());

    private final String label;
    private final String prefix;

    ChannelType(String label, String prefix) {
        this.label = label;
        this.prefix = prefix;
    }

    /** The value stored in {@code channel_type}. */
    public String label() {
        return label;
    }

    /** Presence channels are the ones with members. */
    public boolean hasMembers() {
        return this == PRESENCE || this == PRESENCE_CACHE;
    }

    public static ChannelType of(String channelName) {
        for (ChannelType type : BY_PREFIX_LENGTH) {
            if (channelName.startsWith(type.prefix)) {
                return type;
            }
        }
        return PUBLIC;
    }
}
