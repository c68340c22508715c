package io.pusherpipeline.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pusher webhook signatures as pure functions: {@code X-Pusher-Signature} is the lowercase hex
 * HMAC-SHA256 of the app secret over the raw body bytes, checked before the body is parsed.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The signature Pusher sends for this body. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /**
     * Whether {@code signature} (the header, may be null) signs {@code body} with {@code secret}.
     * Compared in constant time, so the answer's timing tells nothing about how much matched.
     */
    public static boolean isValid(String secret, byte[] body, String signature) {
        if (signature == null || secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
