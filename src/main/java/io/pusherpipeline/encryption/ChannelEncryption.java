package io.pusherpipeline.encryption;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * End-to-end encryption of {@code private-encrypted-} channels as Pusher's protocol has it: a key per
 * channel from its name and the master key, and each event's data sealed with a fresh nonce.
 * Holds the master key (a secret): nothing here prints it.
 */
public final class ChannelEncryption {

    public static final String PREFIX = "private-encrypted-";
    static final String SETTING = "pusher.encryption-master-key (environment variable PUSHER_ENCRYPTION_MASTER_KEY)";

    private final SecureRandom random = new SecureRandom();
    private byte[] masterKey;

    /** The master key as base64 of 32 bytes; empty means no encrypted channels. */
    public void setMasterKey(String base64) {
        this.masterKey = parse(base64);
    }

    /** The 32 bytes of a master key; null when empty. Says what is wrong without the value. */
    public static byte[] parse(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SETTING + " is not base64: give the base64 of 32 random bytes,"
                    + " such as the output of `openssl rand -base64 32`");
        }
        if (key.length != SecretBox.KEY_BYTES) {
            throw new IllegalArgumentException(SETTING + " is base64 of " + key.length + " bytes, not 32: give the base64"
                    + " of 32 random bytes, such as the output of `openssl rand -base64 32`");
        }
        return key;
    }

    public static boolean isEncrypted(String channel) {
        return channel.startsWith(PREFIX);
    }

    public boolean hasMasterKey() {
        return masterKey != null;
    }

    /** The channel's key: SHA-256 of its name (UTF-8) then the master key; pusher-js gets it as shared_secret. */
    public byte[] channelKey(String channel) {
        if (masterKey == null) {
            throw new IllegalStateException("no " + SETTING + " is set");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(channel.getBytes(StandardCharsets.UTF_8));
            return sha256.digest(masterKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The data as sent to an encrypted channel: the JSON text {"nonce":b64,"ciphertext":b64}. */
    public String encrypt(String channel, String data) {
        byte[] nonce = new byte[SecretBox.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] box = SecretBox.seal(channelKey(channel), nonce, data.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        // Both values are base64, which needs no JSON escaping.
        return "{\"nonce\":\"" + b64.encodeToString(nonce) + "\",\"ciphertext\":\"" + b64.encodeToString(box) + "\"}";
    }

    /** How many bytes {@link #encrypt} makes of {@code dataBytes} bytes of data: what Pusher's size limit sees. */
    public static int encryptedBytes(int dataBytes) {
        return "{\"nonce\":\"\",\"ciphertext\":\"\"}".length() + base64Chars(SecretBox.NONCE_BYTES)
                + base64Chars(SecretBox.MAC_BYTES + dataBytes);
    }

    private static int base64Chars(int bytes) {
        return (bytes + 2) / 3 * 4;
    }

    @Override
    public String toString() {
        return masterKey == null ? "ChannelEncryption[no master key]" : "ChannelEncryption[master key set]";
    }
}
