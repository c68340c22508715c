package io.pusherpipeline.history;

import io.pusherpipeline.signing.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The channel authorization an app's authorizer gives a client, as pure functions:
 * {@code auth = key + ":" + hex(HMAC-SHA256(secret, socket_id + ":" + channel))}, with
 * {@code ":" + channel_data} for presence channels and {@code "::user::" + user_data} for a user's
 * sign-in (which covers {@code #server-to-user-<id>}).
 */
final class ChannelAuth {

    private ChannelAuth() {
    }

    /** The string a channel's auth signs. */
    static String signed(String socketId, String channel, String channelData) {
        return socketId + ":" + channel + (channelData == null ? "" : ":" + channelData);
    }

    /** The string a user's sign-in signs. */
    static String signedUser(String socketId, String userData) {
        return socketId + "::user::" + userData;
    }

    /** What the authorizer gives: {@code key:hex}. */
    static String auth(String key, String secret, String signed) {
        return key + ":" + WebhookSignature.sign(secret, signed.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code given} is the auth of {@code signed}, compared in constant time. */
    static boolean matches(String key, String secret, String signed, String given) {
        byte[] expected = auth(key, secret, signed).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }
}
