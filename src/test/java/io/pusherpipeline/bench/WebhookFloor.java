package io.pusherpipeline.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pusherpipeline.signing.WebhookSignature;
import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.webhooks.WebhookBatch;
import io.pusherpipeline.webhooks.WebhookEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * The webhook floor: a bare JDK HTTP server that checks the key and the signature, reads the
 * events (the receiver's own parser, so the same rows and keys) and inserts them raw, one JDBC
 * batch and one commit per request, then answers 200. No history, no duplicate check (a batch
 * delivered again fails the primary key, is rolled back and answered 200): nothing stores webhooks
 * faster on the same database.
 */
final class WebhookFloor implements AutoCloseable {

    static final String TABLE = "floor_webhook_events";
    private static final String UNIQUE_VIOLATION = "23505";

    private final HttpServer server;
    private final ExecutorService threads;
    private final DataSource dataSource;
    private final String table;

    WebhookFloor(String url, String user, String password, String schema, int threads) throws IOException, SQLException {
        this.dataSource = DataSources.forUrl(url, user, password);
        this.table = schema + "." + TABLE;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (event_key VARCHAR(64) PRIMARY KEY, app_id VARCHAR(64) NOT NULL,"
                    + " time_ms BIGINT NOT NULL, event_name VARCHAR(200) NOT NULL, channel_name VARCHAR(200), user_id VARCHAR(1000))");
        }
        this.threads = Executors.newFixedThreadPool(threads);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(this.threads);
        server.createContext("/pusher/webhooks", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Pusher-Signature");
            int status;
            if (!BenchPusher.KEY.equals(exchange.getRequestHeaders().getFirst("X-Pusher-Key")) || signature == null
                    || !WebhookSignature.isValid(BenchPusher.SECRET, body, signature)) {
                status = 401;
            } else {
                status = store(WebhookBatch.parse(BenchPusher.APP_ID, body));
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /**
     * 200 once stored. A batch delivered again (the retried and two-receivers orders) breaks the
     * primary key: it is stored already, so it is answered 200 as a receiver would; any other failure 503.
     */
    private int store(WebhookBatch batch) {
        try {
            insert(batch);
            return 200;
        } catch (SQLException e) {
            return isUniqueViolation(e) ? 200 : 503;
        }
    }

    /** 23505 anywhere in the chain: a JDBC batch's own exception may carry no state of its own. */
    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            for (Throwable t = next; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void insert(WebhookBatch batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                    + " (event_key, app_id, time_ms, event_name, channel_name, user_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (WebhookEvent e : batch.events()) {
                    s.setString(1, e.eventKey());
                    s.setString(2, e.appId());
                    s.setLong(3, e.timeMs());
                    s.setString(4, e.name());
                    s.setString(5, e.channel());
                    s.setString(6, e.userId());
                    s.addBatch();
                }
                s.executeBatch();
            }
            c.commit();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        DataSources.close(dataSource, "the floor's pool");
    }
}
