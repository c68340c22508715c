package io.pusherpipeline.history;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Tables;
import io.pusherpipeline.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
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
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real routes/*.yaml on Camel Main's HTTP server with the webhook receiver on, a real H2
 * database whose history rows a test inserts by SQL, requests over HTTP, and the log captured.
 */
abstract class HistoryRouteTestSupport extends CamelMainTestSupport {

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
    protected abstract java.util.List<String> snapshotRoutes();

    @BeforeEach
    void createTheTablesAndCaptureTheLog() {
        // At start-up the snapshot sink creates every table; these tests have no snapshot route.
        DataSource dataSource = DataSources.forUrl(db.url(), "", "");
        Tables.create(dataSource, "pusher_data", "the test database");
        DataSources.close(dataSource, "the test pool");
        rows = new HistoryRows(db, "pusher_data");
        stderr = System.err;
        System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(stderr);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        db = TestDatabase.h2();
        port = freePort();
        Properties p = apps();
        p.setProperty("pusher.jdbc.url", db.url());
        p.setProperty("pusher.webhooks.enabled", "true");
        p.setProperty("pusher.webhooks.port", Integer.toString(port));
        configuration.withUseOverridePropertiesWithPropertiesComponent(p);
        for (String route : snapshotRoutes()) {
            configuration.replaceRouteFromWith(route, "direct:no-" + route);
        }
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes to the real stderr and to the captured log. */
    private static final class Tee extends OutputStream {
        private final PrintStream first;
        private final ByteArrayOutputStream second;

        Tee(PrintStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
