package io.pusherpipeline.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Pusher HTTP API request signing (auth_version 1.0) as pure functions. */
public final class PusherSignature {

    private PusherSignature() {
    }

    /** Hex MD5 of the body, sent as {@code body_md5} when the body is not empty. */
    public static String bodyMd5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    /**
     * The string Pusher signs: parameters with lowercased keys, sorted by key, joined
     * {@code k=v&...} with values NOT URL-escaped.
     */
    public static String canonicalQuery(Map<String, String> params) {
        Map<String, String> sorted = new TreeMap<>();
        params.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v));
        sorted.remove("auth_signature");
        return sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    /** {@code hex(HMAC-SHA256(secret, METHOD \n PATH \n QUERY))}. */
    public static String sign(String secret, String method, String path, Map<String, String> params) {
        String toSign = method.toUpperCase(Locale.ROOT) + "\n" + path + "\n" + canonicalQuery(params);
        return hmacSha256Hex(secret, toSign);
    }

    static String hmacSha256Hex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
