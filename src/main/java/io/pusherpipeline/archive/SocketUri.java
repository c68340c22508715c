package io.pusherpipeline.archive;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The websocket address of an app, from the settings the HTTP API uses: Pusher's own API host
 * ({@code api-{cluster}.pusher.com}) becomes {@code wss://ws-{cluster}.pusher.com:443}; any other host
 * (self-hosted, soketi) is reached at its own port, {@code wss} for https and {@code ws} for http.
 */
final class SocketUri {

    private static final Pattern PUSHER_API = Pattern.compile("api-([A-Za-z0-9-]+)\\.pusher\\.com");

    private SocketUri() {
    }

    static URI of(String scheme, String host, int port, String key, String version) {
        Matcher pusher = PUSHER_API.matcher(host.strip());
        String base = pusher.matches() ? "wss://ws-" + pusher.group(1) + ".pusher.com:443"
                : ("https".equalsIgnoreCase(scheme.strip()) ? "wss" : "ws") + "://" + host.strip() + ":" + port;
        return URI.create(base + "/app/" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + "?protocol=7&client=pusher-pipeline&version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
    }
}
