package io.pusherpipeline.archive;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One websocket connection of the archiver to Pusher: its socket id once established, its channels
 * (asked and subscribed), its timers (last frame heard, ping sent), and its frames handed whole to the
 * archiver, one at a time. A new connection is a new object, so a late callback of an old one is told apart.
 */
final class ArchiverConnection implements WebSocket.Listener {

    /** How the archiver hears of this connection's frames and end. */
    interface Events {
        void frame(ArchiverConnection connection, String text);

        void lost(ArchiverConnection connection, int code, String reason);
    }

    final Instant openedAt = Instant.now();
    final Set<String> asked = ConcurrentHashMap.newKeySet();
    final Map<String, Instant> subscribed = new ConcurrentHashMap<>();
    final AtomicLong sequence = new AtomicLong();
    volatile String socketId;
    volatile long activityTimeoutMs = 120_000;
    volatile Instant lastHeard = Instant.now();
    volatile Instant pingSentAt;

    private final Events events;
    private final StringBuilder parts = new StringBuilder();
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile boolean ended;
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();

    ArchiverConnection(Events events) {
        this.events = events;
    }

    boolean established() {
        return socketId != null && !ended;
    }

    /** Sends one text frame after those before it (the JDK's WebSocket allows one send at a time). */
    synchronized void send(String text, Consumer<Throwable> failed) {
        WebSocket ws = socket;
        if (ws == null || ended) {
            return;
        }
        sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        failed.accept(e);
                    }
                });
    }

    /** Ends it without waiting for Pusher: a close frame if it can still go, then the TCP connection. */
    void close(int code, String reason) {
        ended = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(code, reason).orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeard = Instant.now();
        parts.append(data);
        if (last) {
            String text = parts.toString();
            parts.setLength(0);
            if (!ended) {
                events.frame(this, text);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastHeard = Instant.now();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end(-1, String.valueOf(error.getMessage() == null ? error : error.getMessage()));
    }

    /** Reported once, whatever ends it first (a close, an error, a failed connect, no pong). */
    void end(int code, String reason) {
        if (reported.compareAndSet(false, true)) {
            ended = true;
            events.lost(this, code, reason);
        }
    }

    /** Pings after activity_timeout of silence; ends the connection when a ping waited {@code pongWait} unanswered. */
    void keepAlive(Instant now, Duration pongWait) {
        Instant ping = pingSentAt;
        if (ping != null) {
            if (Duration.between(ping, now).compareTo(pongWait) > 0) {
                end(-1, "no answer to pusher:ping within " + pongWait.toSeconds() + " s");
                close(1000, "no pong");
            }
        } else if (Duration.between(lastHeard, now).toMillis() > activityTimeoutMs) {
            pingSentAt = now;
            send(Frames.ping(), e -> end(-1, "cannot send pusher:ping: " + e));
        }
    }
}
