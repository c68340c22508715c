package io.pusherpipeline.webhooks;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.signing.WebhookSignature;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Checks one webhook request before anything is parsed, in this order: the method (405), the
 * size (413), the app key (401), the signature over the raw bytes (401); then reads the body
 * into a {@link WebhookBatch} (400 when it is not the documented shape). A refusal is thrown as
 * {@link WebhookRefused}. Out: the batch as body, the app's id in {@link #APP_ID}, no request headers, and
 * the raw body in the exchange property {@link #RAW_BODY}.
 */
public final class WebhookReceiver implements Processor {

    /** The exchange property holding the verified body's bytes, as Pusher sent them. */
    public static final String RAW_BODY = ExchangeProperties.WEBHOOK_BODY;

    /** The header naming the app (its id) of a verified batch. */
    public static final String APP_ID = "PusherAppId";

    /** The header the route sets to how many of the batch's events were new (0 for a batch delivered again). */
    public static final String NEW_EVENTS = "PusherWebhookNewEvents";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private volatile WebhookApps apps;
    private long maxBodyBytes = 1L << 20;

    private String appId = "";
    private String appKey = "";
    private String appSecret = "";

    /** The one app of the webhook-source Kamelet; unset, the apps of pusher.app-* or pusher.apps. */
    public void setAppId(String appId) {
        this.appId = appId;
    }

    public void setAppKey(String appKey) {
        this.appKey = appKey;
    }

    public void setAppSecret(String appSecret) {
        this.appSecret = appSecret;
    }

    /** {@code pusher.webhooks.max-body}: bytes, or a number with B, KB, MB or GB (powers of 1024). */
    public void setMaxBody(String maxBody) {
        this.maxBodyBytes = bytes(maxBody);
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "", String.class);
        if (!method.equalsIgnoreCase("POST")) {
            throw new WebhookRefused(405, "wrong_method", "method " + method + " (webhooks are POSTed)");
        }
        Long length = in.getHeader("Content-Length", Long.class);
        if (length != null && length > maxBodyBytes) {
            throw tooLarge(length);
        }
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge(body.length);
        }
        String key = in.getHeader("X-Pusher-Key", String.class);
        WebhookApps.App app = apps(exchange.getContext()).byKey(key)
                .orElseThrow(() -> new WebhookRefused(401, "unknown_key", key == null ? "no X-Pusher-Key header"
                        : "X-Pusher-Key '" + printable(key) + "' is not the key of a configured app"));
        String signature = in.getHeader("X-Pusher-Signature", String.class);
        if (signature == null || signature.isBlank()) {
            throw new WebhookRefused(401, "missing_signature", "no X-Pusher-Signature header (" + app + ")");
        }
        if (!WebhookSignature.isValid(app.secret(), body, signature)) {
            throw new WebhookRefused(401, "wrong_signature", "X-Pusher-Signature does not match the body: signed with"
                    + " another secret, or changed after signing (" + app + ")");
        }
        WebhookBatch batch = WebhookBatch.parse(app.id(), body);
        exchange.setProperty(RAW_BODY, body);
        in.removeHeaders("*", Exchange.HTTP_METHOD);
        in.setHeader(APP_ID, app.id());
        in.setBody(batch);
    }

    /** Read once: the Kamelet's app, or the apps of the properties Camel resolved (pusher.app-* or pusher.apps.*). */
    private WebhookApps apps(CamelContext context) {
        if (apps == null) {
            apps = appKey.isBlank() ? WebhookApps.read(key -> context.getPropertiesComponent().resolveProperty(key))
                    : WebhookApps.single(appId, appKey, appSecret);
        }
        return apps;
    }

    private WebhookRefused tooLarge(long bytes) {
        return new WebhookRefused(413, "too_large", "a body of " + bytes + " bytes, more than pusher.webhooks.max-body ("
                + maxBodyBytes + " bytes)");
    }

    public static long bytes(String size) {
        Matcher m = SIZE.matcher(size == null ? "" : size.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Parameter [pusher.webhooks.max-body] must be a size such as 1MB, 512KB"
                    + " or 1048576, was: " + size);
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** A header value fit for one log line: at most 64 plain characters. */
    private static String printable(String value) {
        String plain = value.replaceAll("[^\\x20-\\x7e]", "?");
        return plain.length() > 64 ? plain.substring(0, 64) + "..." : plain;
    }
}
