package io.pusherpipeline.history;

import io.pusherpipeline.signing.PusherSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;

/**
 * Checks a history request a server signed like Pusher's HTTP API (auth_version 1.0): {@code auth_key}
 * names the app, {@code auth_timestamp} is within {@value #MAX_CLOCK_SKEW_S} s of this clock, and
 * {@code auth_signature} is {@link PusherSignature#sign} of the method, the path as sent and every other
 * parameter, with the app's secret, compared in constant time.
 */
final class ServerSignature {

    /** How far a server's auth_timestamp may be from this clock, as Pusher allows. */
    static final long MAX_CLOCK_SKEW_S = 600;

    private ServerSignature() {
    }

    static boolean present(HistoryQuery query) {
        return query.param("auth_signature") != null || query.param("auth_key") != null;
    }

    /** The app that signed the request; 401 for anything else. */
    static HistoryApps.App verify(HistoryQuery query, HistoryApps apps, Clock clock) {
        String key = required(query, "auth_key");
        String timestamp = required(query, "auth_timestamp");
        String signature = required(query, "auth_signature");
        if (!"1.0".equals(query.param("auth_version"))) {
            throw HistoryRefused.unauthorized("auth_version must be 1.0");
        }
        HistoryApps.App app = apps.byKey(key).orElseThrow(() ->
                HistoryRefused.unauthorized("auth_key is not the key of a configured app"));
        long skew;
        try {
            skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            throw HistoryRefused.unauthorized("auth_timestamp must be unix seconds");
        }
        if (skew > MAX_CLOCK_SKEW_S) {
            throw HistoryRefused.unauthorized("auth_timestamp is more than " + MAX_CLOCK_SKEW_S
                    + " s from this server's clock (now " + clock.instant() + ")");
        }
        String expected = PusherSignature.sign(app.secret(), query.method(), query.path(), query.params());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))) {
            throw HistoryRefused.unauthorized("auth_signature does not sign this request (method, path and parameters)"
                    + " with the secret of " + app);
        }
        return app;
    }

    private static String required(HistoryQuery query, String name) {
        String value = query.param(name);
        if (value == null || value.isEmpty()) {
            throw HistoryRefused.unauthorized("a signed request needs " + name);
        }
        return value;
    }
}
