package io.pusherpipeline.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.RealRoutesTestSupport;
import io.pusherpipeline.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real routes/pusher-webhooks.yaml with the archiver on but not connected (its server refuses): a
 * subscription_count of 1 is then a client alone, and the batch is stored as received.
 */
class ArchiverWebhookRouteTest extends RealRoutesTestSupport {

    private static final String APP_ID = "4242";
    private static final String KEY = "webhook-key";
    private static final String SECRET = "webhook-secret-canary";

    private TestDatabase db;
    private int port;

    @BeforeEach
    void createTheTables() {
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
    }

    @Override
    protected Properties overrides() {
        db = TestDatabase.h2();
        port = freePort();
        Properties p = webhookReceiver(APP_ID, KEY, SECRET, db, port);
        p.setProperty("pusher.archive.enabled", "true");
        p.setProperty("pusher.scheme", "http");
        p.setProperty("pusher.host", "127.0.0.1");
        p.setProperty("pusher.port", String.valueOf(freePort()));
        return p;
    }

    @Test
    void aCountOfOneWithTheArchiverNotThereIsStoredAsReceived() throws Exception {
        String occupied = "{\"time_ms\":1700000000000,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"news\"}]}";
        String count = "{\"time_ms\":1700000010000,\"events\":[{\"name\":\"subscription_count\",\"channel\":\"news\","
                + "\"subscription_count\":1}]}";
        assertThat(post(occupied).statusCode()).isEqualTo(200);
        assertThat(post(count).statusCode()).isEqualTo(200);
        assertThat(db.rows("SELECT event_name FROM pusher_data.webhook_events ORDER BY time_ms"))
                .containsExactly(List.of("channel_occupied"), List.of("subscription_count"));
        assertThat(db.rows("SELECT channel_name, vacated_at FROM pusher_data.channel_occupancy"))
                .containsExactly(Arrays.asList("news", null));
    }

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pusher/webhooks"))
                .header("Content-Type", "application/json").header("X-Pusher-Key", KEY)
                .header("X-Pusher-Signature", WebhookSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
