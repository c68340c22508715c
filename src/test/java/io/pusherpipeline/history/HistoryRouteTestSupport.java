package io.pusherpipeline.history;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.RealRoutesTestSupport;
import io.pusherpipeline.testing.TeeStream;
import io.pusherpipeline.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real routes/*.yaml on Camel Main's HTTP server with the webhook receiver on, a real H2
 * database whose history rows a test inserts by SQL, requests over HTTP, and the log captured.
 */
abstract class HistoryRouteTestSupport extends RealRoutesTestSupport {

    // Camel's test support configures the context from its constructor, before field initializers run.
    protected TestDatabase db;
    protected HistoryRows rows;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    protected final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;

    /** The apps' settings (pusher.app-* or pusher.apps.*). */
    protected abstract Properties apps();

    /** The ids of the apps' snapshot routes, whose timers are replaced: the snapshots are not what is tested. */
    @Override
    protected abstract java.util.List<String> snapshotRoutes();

    @BeforeEach
    void createTheTablesAndCaptureTheLog() {
        // At start-up the snapshot sink creates every table; these tests have no snapshot route.
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
        rows = new HistoryRows(db, "pusher_data");
        stderr = System.err;
        System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(stderr);
    }

    @Override
    protected Properties overrides() {
        db = TestDatabase.h2();
        port = freePort();
        Properties p = apps();
        p.setProperty("pusher.jdbc.url", db.url());
        p.setProperty("pusher.webhooks.enabled", "true");
        p.setProperty("pusher.webhooks.port", Integer.toString(port));
        return p;
    }

    /** GET of the path and raw (already encoded) query under http://127.0.0.1:port. */
    protected HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> postForm(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** What an app's authorizer (npm pusher's authorizeChannel) gives: key:hex(HMAC-SHA256(secret, signed)). */
    static String authorizerAuth(String key, String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return key + ":" + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
