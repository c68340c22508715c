package com.pusher.rest;

import java.util.Map;

/** The official pusher-http-java signing, reached from tests as an independent check of ours. */
public final class OfficialSignature {

    private OfficialSignature() {
    }

    /** The signature pusher-http-java computes for these parameters (auth_signature excluded). */
    public static String sign(String secret, String method, String path, Map<String, String> params) {
        return SignatureUtil.sign(SignatureUtil.buildSignatureString(method, path, params), secret);
    }

    /** The string pusher-http-java signs: {@code METHOD\nPATH\nQUERY}. */
    public static String stringToSign(String method, String path, Map<String, String> params) {
        return SignatureUtil.buildSignatureString(method, path, params);
    }
}
