package io.pusherpipeline.encryption;

import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's {@code crypto_secretbox} (XSalsa20-Poly1305), composed from Bouncy Castle's XSalsa20 and
 * Poly1305 because Bouncy Castle has no secretbox of its own: the first 32 bytes of the key stream
 * are the one-time Poly1305 key, the rest encrypts; the box is MAC (16 bytes) then ciphertext.
 */
public final class SecretBox {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 24;
    public static final int MAC_BYTES = 16;

    private SecretBox() {
    }

    /** The box of {@code message}: {@link #MAC_BYTES} of MAC, then the ciphertext (as long as the message). */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("secretbox takes a key of " + KEY_BYTES + " bytes and a nonce of " + NONCE_BYTES);
        }
        XSalsa20Engine stream = new XSalsa20Engine();
        stream.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[KEY_BYTES];
        stream.processBytes(macKey, 0, KEY_BYTES, macKey, 0);
        byte[] box = new byte[MAC_BYTES + message.length];
        stream.processBytes(message, 0, message.length, box, MAC_BYTES);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(box, MAC_BYTES, message.length);
        mac.doFinal(box, 0);
        return box;
    }
}
