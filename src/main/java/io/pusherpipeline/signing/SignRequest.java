package io.pusherpipeline.signing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Signs the request a route is about to send to the Pusher HTTP API.
 *
 * <p>Reads {@code CamelHttpMethod}, {@code CamelHttpPath} (the exact path sent, {@code /apps/{id}/...})
 * and the unsigned, unescaped {@code CamelHttpQuery} ({@code k=v&...}, empty values dropped), and
 * replaces {@code CamelHttpQuery} with the escaped wire query carrying the auth parameters.
 * The secret never leaves this object.
 */
public final class SignRequest implements Processor {

    private String appKey;
    private String appSecret;
    private Clock clock = Clock.systemUTC();

    public void setAppKey(String appKey) {
        this.appKey = appKey;
    }

    public void setAppSecret(String appSecret) {
        this.appSecret = appSecret;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("Header [CamelHttpPath] must be the absolute request path, was: " + path);
        }
        byte[] body = "GET".equalsIgnoreCase(method) ? new byte[0] : in.getBody(byte[].class);
        Map<String, String> params = parseQuery(in.getHeader(Exchange.HTTP_QUERY, String.class));
        params.put("auth_key", appKey);
        params.put("auth_timestamp", Long.toString(clock.instant().getEpochSecond()));
        params.put("auth_version", "1.0");
        if (body != null && body.length > 0) {
            params.put("body_md5", PusherSignature.bodyMd5(body));
        }
        params.put("auth_signature", PusherSignature.sign(appSecret, method, path, params));
        in.setHeader(Exchange.HTTP_QUERY, wireQuery(params));
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!key.isEmpty() && !value.isEmpty()) {
                params.put(key, value);
            }
        }
        return params;
    }

    static String wireQuery(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String escape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "SignRequest[appKey=" + appKey + ", appSecret=****]";
    }
}
