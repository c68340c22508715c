package io.pusherpipeline.e2e;

import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The built jar as a webhook receiver on PostgreSQL, fed by soketi or by hand: its settings, its start, its counts. */
final class WebhookReceivers {

    static final String PATH = "/pusher/webhooks";
    private static final String EVENT_TYPES = "[\"channel_occupied\",\"channel_vacated\",\"member_added\",\"member_removed\","
            + "\"client_event\",\"cache_miss\"]";
    private static final String OUTCOME = "(?m)^pusher_webhooks_total\\{outcome=\"%s\"} ([0-9.]+)$";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WebhookReceivers() {
    }

    /** SOKETI_DEFAULT_APP_WEBHOOKS for receivers on these loopback ports: one entry each, every event type. */
    static String soketiWebhooks(int... ports) {
        return Arrays.stream(ports).mapToObj(port -> "{\"url\":\"" + uri(port) + "\",\"event_types\":" + EVENT_TYPES + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The jar's environment: soketi's app, the database's schema, a receiver and a management port, one snapshot an hour. */
    static Map<String, String> env(Soketi soketi, TestDatabase db, String schema, int webhookPort, int managementPort) {
        Map<String, String> env = new HashMap<>(soketi.jarEnvironment());
        env.put("PUSHER_JDBC_URL", db.url());
        env.put("PUSHER_JDBC_USER", db.user());
        env.put("PUSHER_JDBC_PASSWORD", db.password());
        env.put("PUSHER_JDBC_SCHEMA", schema);
        env.put("PUSHER_WEBHOOKS_ENABLED", "true");
        env.put("PUSHER_WEBHOOKS_PORT", Integer.toString(webhookPort));
        env.put("PUSHER_MANAGEMENT_ENABLED", "true");
        env.put("PUSHER_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("PUSHER_SNAPSHOT_PERIOD", "1h");
        return env;
    }

    /** Until the receiver answers a GET with 405 and the start's snapshot is stored (its healing then is over). */
    static void awaitStarted(JarRun.Running jar, int webhookPort) {
        HttpRequest get = HttpRequest.newBuilder(uri(webhookPort)).GET().build();
        jar.await("the receiver on port " + webhookPort + " answering", 60, () -> {
            try {
                return HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 405;
            } catch (IOException notYet) {
                return false;
            }
        });
        jar.awaitOutput("Snapshot ", 30);
    }

    /** POSTs {@code body} as Pusher does: X-Pusher-Key, and X-Pusher-Signature over its UTF-8 bytes with {@code secret}. */
    static HttpResponse<String> postSigned(int webhookPort, String key, String secret, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(webhookPort, key, WebhookSignature.sign(secret, bytes), bytes);
    }

    static HttpResponse<String> post(int webhookPort, String key, String signature, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(webhookPort)).header("Content-Type", "application/json")
                .header("X-Pusher-Key", key).header("X-Pusher-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** pusher_webhooks_total{outcome="accepted"} on the jar's management port: the requests it answered 200. */
    static long accepted(int managementPort) {
        return answered(managementPort, "accepted");
    }

    /** pusher_webhooks_total{outcome} on the jar's management port, 0 before the first. */
    static long answered(int managementPort, String outcome) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile(OUTCOME.formatted(outcome)).matcher(metrics);
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI uri(int webhookPort) {
        return URI.create("http://127.0.0.1:" + webhookPort + PATH);
    }
}
