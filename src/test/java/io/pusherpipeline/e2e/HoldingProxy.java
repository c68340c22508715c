package io.pusherpipeline.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection: a loopback HTTP proxy in front of soketi that passes every request through, except
 * that once armed it holds the next request whose path starts with a prefix, so that a snapshot is
 * surely in flight (its load {@code running}) when the test kills the replica taking it.
 */
final class HoldingProxy implements AutoCloseable {

    private final HttpServer server;
    private final String target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<String> armed = new AtomicReference<>();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private HoldingProxy(HttpServer server, String target) {
        this.server = server;
        this.target = target;
    }

    static HoldingProxy to(Soketi soketi) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HoldingProxy proxy = new HoldingProxy(server, soketi.baseUri());
        server.createContext("/", proxy::forward);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return proxy;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next request whose path starts with {@code pathPrefix} is held until {@link #close()}. */
    void holdNext(String pathPrefix) {
        armed.set(pathPrefix);
    }

    /** Waits until a request is held; false after {@code seconds}. */
    boolean awaitHolding(int seconds) throws InterruptedException {
        return holding.await(seconds, TimeUnit.SECONDS);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String prefix = armed.get();
            if (prefix != null && path.startsWith(prefix) && armed.compareAndSet(prefix, null)) {
                holding.countDown();
                release.await();
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
