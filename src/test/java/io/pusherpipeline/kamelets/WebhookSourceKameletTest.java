package io.pusherpipeline.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.signing.WebhookSignature;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/kamelets/pusher-webhook-source-pipe.yaml} as written (its log step swapped for a
 * mock), on Camel Main's platform HTTP server, fed signed and unsigned requests over HTTP.
 */
class WebhookSourceKameletTest {

    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";
    private static final String BATCH = "{\"time_ms\":1764612000000,\"events\":[{\"name\":\"member_added\","
            + "\"channel\":\"presence-lobby\",\"user_id\":\"alice\"}]}";

    @TempDir
    static Path dir;

    private static Main main;
    private static int port;
    private static MockEndpoint webhooks;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheExampleRoute() throws Exception {
        String example = Files.readString(Path.of(System.getProperty("basedir", "."), "examples/kamelets/pusher-webhook-source-pipe.yaml"));
        Path route = dir.resolve("webhooks.yaml");
        Files.writeString(route, example.replace("log:pusher-webhooks", "mock:webhooks"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        main = new Main();
        // A host of its own: not the pipeline's application.properties, which make its snapshot routes.
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().withRoutesIncludePattern("file:" + route);
        main.configure().httpServer().withEnabled(true).withHost("127.0.0.1").withPort(port);
        main.start();
        webhooks = main.getCamelContext().getEndpoint("mock:webhooks", MockEndpoint.class);
    }

    @AfterAll
    static void stop() {
        main.stop();
    }

    @BeforeEach
    void reset() {
        webhooks.reset();
    }

    @Test
    void aSignedBatchReachesTheSinkAsPusherSentItAndIsAnswered200() throws Exception {
        HttpResponse<String> answer = post(BATCH, KEY, WebhookSignature.sign(SECRET, bytes(BATCH)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(webhooks.getReceivedExchanges()).hasSize(1);
        Exchange received = webhooks.getReceivedExchanges().get(0);
        assertThat(received.getMessage().getBody(String.class)).isEqualTo(BATCH);
        assertThat(received.getMessage().getHeader("PusherAppId")).isEqualTo("123456");
        assertThat(received.getMessage().getHeaders()).doesNotContainKeys("X-Pusher-Key", "X-Pusher-Signature");
    }

    @Test
    void aBatchSignedWithAnotherSecretIsRefusedAndGoesNowhere() throws Exception {
        HttpResponse<String> answer = post(BATCH, KEY, WebhookSignature.sign("another-secret", bytes(BATCH)));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("X-Pusher-Signature does not match the body").doesNotContain(SECRET);
        assertThat(webhooks.getReceivedExchanges()).isEmpty();
    }

    @Test
    void anotherAppsKeyAndABodyOfTheWrongShapeAreRefused() throws Exception {
        String noEvents = "{\"time_ms\":1}";

        assertThat(post(BATCH, "other-key", WebhookSignature.sign(SECRET, bytes(BATCH))).statusCode()).isEqualTo(401);
        assertThat(post(noEvents, KEY, WebhookSignature.sign(SECRET, bytes(noEvents))).statusCode()).isEqualTo(400);
        assertThat(webhooks.getReceivedExchanges()).isEmpty();
    }

    private HttpResponse<String> post(String body, String key, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pusher/webhooks"))
                .header("Content-Type", "application/json").header("X-Pusher-Key", key).header("X-Pusher-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
