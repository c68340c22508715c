package io.pusherpipeline.history;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Reads a history request of the HTTP route into a {@link HistoryQuery}: the channel from the path,
 * the parameters from the query and, for a POST, the form body (like pusher-js's auth request); the
 * cursor and page size checked (400 with what is allowed). Reads only the request line and body, never
 * headers a client could set to impersonate the route's own.
 */
public final class HistoryParameters implements Processor {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final Pattern WHOLE = Pattern.compile("\\d{1,19}");

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "", String.class).toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new HistoryRefused(405, "wrong_method", "method " + method + " (the history is read with GET, or POST of a form)");
        }
        String uri = in.getHeader(Exchange.HTTP_URI, "", String.class);
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> params = new LinkedHashMap<>();
        add(params, q < 0 ? "" : uri.substring(q + 1));
        String type = in.getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (method.equals("POST") && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            if (in.getBody() instanceof Map<?, ?> form) {
                // platform-http hands a form over already decoded, as a map.
                form.forEach((key, value) -> put(params, String.valueOf(key), value));
            } else {
                add(params, in.getBody(String.class));
            }
        }
        String channel = channel(path);
        exchange.getMessage().setBody(new HistoryQuery(channel, method, path, Map.copyOf(params),
                after(params.get("after")), limit(params.get("limit"))));
    }

    /** The channel: the last segment of the path, URL-decoded ({@code %23server-to-user-1}). */
    static String channel(String path) {
        String segment = path.substring(path.lastIndexOf('/') + 1);
        String channel = decode(segment);
        if (channel.isEmpty() || channel.length() > 200) {
            throw HistoryRefused.badRequest("the path must end with a channel name of 1 to 200 characters");
        }
        return channel;
    }

    static long after(String value) {
        if (value == null) {
            return 0;
        }
        if (!WHOLE.matcher(value).matches() || !fitsLong(value)) {
            throw HistoryRefused.badRequest("after must be a whole number from 0 (the beginning) to the seq of the"
                    + " channel's latest event (a next this API answered), was '" + printable(value) + "'");
        }
        return Long.parseLong(value);
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (!WHOLE.matcher(value).matches() || value.length() > 4 || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIMIT) {
            throw HistoryRefused.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + " (default "
                    + DEFAULT_LIMIT + "), was '" + printable(value) + "'");
        }
        return Integer.parseInt(value);
    }

    private static boolean fitsLong(String digits) {
        try {
            Long.parseLong(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Adds the pairs of {@code k=v&...}; a parameter given twice is refused (which one would count?). */
    private static void add(Map<String, String> params, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            put(params, key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
    }

    private static void put(Map<String, String> params, String key, Object value) {
        if (value instanceof java.util.Collection<?> values) {
            if (values.size() != 1) {
                throw HistoryRefused.badRequest("the parameter '" + printable(key) + "' is given twice");
            }
            value = values.iterator().next();
        }
        if (params.putIfAbsent(key, value == null ? "" : value.toString()) != null) {
            throw HistoryRefused.badRequest("the parameter '" + printable(key) + "' is given twice");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HistoryRefused.badRequest("the request is not URL-encoded correctly (a % not followed by two hex digits)");
        }
    }

    /** A value fit for one line: at most 40 plain characters. */
    static String printable(String value) {
        String plain = value.replaceAll("[^\\x20-\\x7e]", "?");
        return plain.length() > 40 ? plain.substring(0, 40) + "..." : plain;
    }
}
