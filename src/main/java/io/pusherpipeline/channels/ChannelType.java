package io.pusherpipeline.channels;

/** The kind of a Pusher channel, told by its name's prefix. */
public enum ChannelType {
    // Longest prefixes first, so "private-encrypted-cache-x" is not taken for "private-x".
    SERVER_TO_USER("server-to-user", "#server-to-user-"),
    PRIVATE_ENCRYPTED_CACHE("private-encrypted-cache", "private-encrypted-cache-"),
    PRIVATE_ENCRYPTED("private-encrypted", "private-encrypted-"),
    PRIVATE_CACHE("private-cache", "private-cache-"),
    PRESENCE_CACHE("presence-cache", "presence-cache-"),
    PRIVATE("private", "private-"),
    PRESENCE("presence", "presence-"),
    CACHE("cache", "cache-"),
    PUBLIC("public", "");

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
        for (ChannelType type : values()) {
            if (channelName.startsWith(type.prefix)) {
                return type;
            }
        }
        return PUBLIC;
    }
}
